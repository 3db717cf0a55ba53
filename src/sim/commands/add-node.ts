import * as v from 'valibot';
import type { Command } from '../command';
import { TIME } from '../journal';

const entry = v.strictObject({
  t: v.literal('add'),
  at: TIME,
  /** Its port, when not the next one (that one is a real node's address, see real-node.ts). */
  port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65_535))),
});

/** A new node on the next port (5000, 5001, ...), or the one given, with its own genesis block. */
export const addNode: Command<typeof entry, string> = {
  t: 'add',
  entry,
  perform: (network, { port }) => network.startNode(port),
  label: 'app.addNode',
};
