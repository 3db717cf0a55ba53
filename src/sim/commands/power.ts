import * as v from 'valibot';
import { MAX_POWER, MIN_POWER } from '../automatic';
import type { Command } from '../command';
import { NODE, TIME } from '../journal';

const entry = v.strictObject({
  t: v.literal('power'),
  at: TIME,
  address: NODE,
  guesses: v.pipe(v.number(), v.integer(), v.minValue(MIN_POWER), v.maxValue(MAX_POWER)),
});

/** "Hash power": a node's guesses per simulated second in automatic mode. */
export const power: Command<typeof entry> = {
  t: 'power',
  entry,
  perform: (network, { address, guesses }) => network.setPower(address, guesses),
  label: 'auto.power',
};
