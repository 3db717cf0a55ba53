import * as v from 'valibot';
import type { HttpResponse } from '../../core/http';
import type { Command } from '../command';
import { BODY, NODE, TIME } from '../journal';

const entry = v.strictObject({ t: v.literal('transaction'), at: TIME, address: NODE, body: BODY });

/**
 * POST /transactions/new with a JSON body, kept as the text sent: its numbers are Python's
 * ("5" an int, "1.5" a float), which a JSON value in the run file could not keep.
 */
export const transaction: Command<typeof entry, Promise<HttpResponse>> = {
  t: 'transaction',
  entry,
  perform: (network, { address, body }) =>
    network.request(address, { method: 'POST', path: '/transactions/new', contentType: 'application/json', body }),
  label: 'tx.form',
};
