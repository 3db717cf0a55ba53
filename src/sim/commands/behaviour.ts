import * as v from 'valibot';
import { BEHAVIOURS } from '../../core/behaviour';
import type { HttpResponse } from '../../core/http';
import type { Command } from '../command';
import { NODE, TIME } from '../journal';

const entry = v.strictObject({ t: v.literal('behaviour'), at: TIME, address: NODE, behaviour: v.picklist(BEHAVIOURS) });

/**
 * The lab's "Behaviour" of a node: how it answers GET /chain (POST /lab/behaviour; the answer is
 * made in its worker, see core/behaviour.ts). "Offline" is the links' too: every message to or
 * from the node is lost from now on.
 */
export const behaviour: Command<typeof entry, Promise<HttpResponse>> = {
  t: 'behaviour',
  entry,
  perform: (network, { address, behaviour }) => {
    network.changeLinks((links) => links.setOffline(address, behaviour === 'offline'));
    return network.request(address, {
      method: 'POST',
      path: '/lab/behaviour',
      contentType: 'application/json',
      body: JSON.stringify({ behaviour }),
    });
  },
  label: 'lab.behaviour',
};
