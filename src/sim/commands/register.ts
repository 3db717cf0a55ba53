import * as v from 'valibot';
import type { HttpResponse } from '../../core/http';
import { canonicalJson } from '../../core/json/canonical';
import type { Command } from '../command';
import { NODE, TIME } from '../journal';

const entry = v.strictObject({
  t: v.literal('register'),
  at: TIME,
  address: NODE,
  nodes: v.pipe(v.array(v.pipe(v.string(), v.maxLength(2_000))), v.maxLength(1_000)),
});

/** POST /nodes/register with {"nodes": [...]}: one way, as in the tutorial. */
export const register: Command<typeof entry, Promise<HttpResponse>> = {
  t: 'register',
  entry,
  perform: (network, { address, nodes }) =>
    network.request(address, {
      method: 'POST',
      path: '/nodes/register',
      contentType: 'application/json',
      body: canonicalJson({ nodes: [...nodes] }),
    }),
  label: 'register.form',
};
