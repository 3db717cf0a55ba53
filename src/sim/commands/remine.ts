import * as v from 'valibot';
import type { HttpResponse } from '../../core/http';
import type { Command } from '../command';
import { NODE, TIME } from '../journal';

const POSITION = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));
const entry = v.strictObject({ t: v.literal('remine'), at: TIME, address: NODE, position: POSITION });

/**
 * The lab's "Re-mine from here": POST /lab/remine. The node links block `position` (from 0) and
 * every block after it again, and mines those whose proof no longer holds, in its worker; each
 * proof found is journaled like GET /mine's, so a replay checks it instead of searching.
 */
export const remine: Command<typeof entry, Promise<HttpResponse>> = {
  t: 'remine',
  entry,
  perform: (network, { address, position }) =>
    network.request(address, {
      method: 'POST',
      path: '/lab/remine',
      contentType: 'application/json',
      body: JSON.stringify({ position }),
    }),
  label: 'lab.remine',
};
