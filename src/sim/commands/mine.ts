import * as v from 'valibot';
import type { HttpResponse } from '../../core/http';
import type { Command } from '../command';
import { NODE, TIME } from '../journal';

const entry = v.strictObject({ t: v.literal('mine'), at: TIME, address: NODE });

/** GET /mine: the node searches for a proof in its worker, then forges a block. */
export const mine: Command<typeof entry, Promise<HttpResponse>> = {
  t: 'mine',
  entry,
  perform: (network, { address }) => network.request(address, { method: 'GET', path: '/mine' }),
  label: 'node.mine',
  shortcut: 'KeyM',
};
