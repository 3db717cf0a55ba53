import * as v from 'valibot';
import type { HttpResponse } from '../../core/http';
import type { Command } from '../command';
import { BODY, NODE, TIME } from '../journal';

const TEXT = v.pipe(v.string(), v.maxLength(2_000));

const entry = v.strictObject({
  t: v.literal('request'),
  at: TIME,
  address: NODE,
  request: v.strictObject({
    method: TEXT,
    path: TEXT,
    contentType: v.optional(v.nullable(TEXT)),
    body: v.optional(v.nullable(BODY)),
  }),
});

/**
 * Any HTTP request to a node, as typed (the tutorial's curl commands): what a run file of the
 * first version recorded for every command.
 */
export const request: Command<typeof entry, Promise<HttpResponse>> = {
  t: 'request',
  entry,
  perform: (network, { address, request }) => network.request(address, request),
  label: 'http.request',
};
