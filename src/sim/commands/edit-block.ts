import * as v from 'valibot';
import type { HttpResponse } from '../../core/http';
import type { Command } from '../command';
import { BODY, NODE, TIME } from '../journal';

const entry = v.strictObject({ t: v.literal('edit-block'), at: TIME, address: NODE, body: BODY });

/**
 * The lab's "Edit block": POST /lab/edit with the block's position and its new values, as JSON
 * text (kept as text, so that an int stays an int; see core/lab.ts). The chain then shows what broke.
 */
export const editBlock: Command<typeof entry, Promise<HttpResponse>> = {
  t: 'edit-block',
  entry,
  perform: (network, { address, body }) =>
    network.request(address, { method: 'POST', path: '/lab/edit', contentType: 'application/json', body }),
  label: 'lab.edit',
};
