import * as v from 'valibot';
import type { Command } from '../command';
import { NODE, TIME } from '../journal';

const entry = v.strictObject({
  t: v.literal('move'),
  at: TIME,
  address: NODE,
  port: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65_535)),
});

/**
 * Moves a simulated node to another port (a real node needs its address): the same chain, pending
 * transactions, neighbours and identifier, at localhost:<port>. What it was doing is dropped, and
 * nodes that registered its old address now reach whatever listens there.
 */
export const moveNode: Command<typeof entry, string> = {
  t: 'move',
  entry,
  perform: (network, { address, port }) => network.moveNode(address, port),
  label: 'real.move',
};
