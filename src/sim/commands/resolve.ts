import * as v from 'valibot';
import type { HttpResponse } from '../../core/http';
import type { Command } from '../command';
import { NODE, TIME } from '../journal';

const entry = v.strictObject({ t: v.literal('resolve'), at: TIME, address: NODE });

/** GET /nodes/resolve: the node asks each neighbour for its chain and keeps the longest valid one. */
export const resolve: Command<typeof entry, Promise<HttpResponse>> = {
  t: 'resolve',
  entry,
  perform: (network, { address }) => network.request(address, { method: 'GET', path: '/nodes/resolve' }),
  label: 'node.resolve',
  shortcut: 'KeyR',
};
