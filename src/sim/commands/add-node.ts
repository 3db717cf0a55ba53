import * as v from 'valibot';
import type { Command } from '../command';
import { TIME } from '../journal';

const entry = v.strictObject({ t: v.literal('add'), at: TIME });

/** A new node on the next port (5000, 5001, ...), with its own genesis block. */
export const addNode: Command<typeof entry, string> = {
  t: 'add',
  entry,
  perform: (network) => network.startNode(),
  label: 'app.addNode',
};
