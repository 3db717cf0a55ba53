import * as v from 'valibot';
import type { Command } from '../command';
import { TIME } from '../journal';

const entry = v.strictObject({
  t: v.literal('auto'),
  at: TIME,
  on: v.boolean(),
  /** How often each node resolves by itself, in sim ms. */
  resolveEveryMs: v.pipe(v.number(), v.integer(), v.minValue(500), v.maxValue(60_000)),
});

/** "Automatic mode": the nodes mine at their hash power and resolve by themselves (see sim/automatic.ts). */
export const automatic: Command<typeof entry> = {
  t: 'auto',
  entry,
  perform: (network, { on, resolveEveryMs }) => network.setAutomatic(on, resolveEveryMs),
  label: 'auto.mode',
};
