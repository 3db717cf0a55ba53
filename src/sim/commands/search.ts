import * as v from 'valibot';
import type { HttpResponse } from '../../core/http';
import { MAX_SEARCH_START } from '../../core/lab';
import type { Command } from '../command';
import { NODE, TIME } from '../journal';

const entry = v.strictObject({
  t: v.literal('search'),
  at: TIME,
  address: NODE,
  from: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_SEARCH_START - 1)),
});

/** The automatic mode's proof search, from the node's own start (POST /lab/search; see sim/automatic.ts). */
export const search: Command<typeof entry, Promise<HttpResponse>> = {
  t: 'search',
  entry,
  perform: (network, { address, from }) => network.search(address, from),
  label: 'auto.search',
};
