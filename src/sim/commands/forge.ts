import * as v from 'valibot';
import type { HttpResponse } from '../../core/http';
import type { Command } from '../command';
import { NODE, TIME } from '../journal';

const entry = v.strictObject({
  t: v.literal('forge'),
  at: TIME,
  address: NODE,
  proof: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
  lastHash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'is not a block hash')),
});

/** The automatic mode forges the block a search found, when sim time gets there (POST /lab/forge). */
export const forge: Command<typeof entry, Promise<HttpResponse>> = {
  t: 'forge',
  entry,
  perform: (network, { address, proof, lastHash }) => network.forge(address, proof, lastHash),
  label: 'auto.forge',
};
