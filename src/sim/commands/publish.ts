import * as v from 'valibot';
import type { HttpResponse } from '../../core/http';
import type { Command } from '../command';
import { NODE, TIME } from '../journal';

const entry = v.strictObject({ t: v.literal('publish'), at: TIME, address: NODE });

/** The lab's "Release": a node that mined in private shows its whole chain (POST /lab/publish). */
export const publish: Command<typeof entry, Promise<HttpResponse>> = {
  t: 'publish',
  entry,
  perform: (network, { address }) =>
    network.request(address, { method: 'POST', path: '/lab/publish', contentType: 'application/json', body: '{}' }),
  label: 'lab.release',
};
