import * as v from 'valibot';
import type { Command } from '../command';
import { NODE, TIME } from '../journal';

const entry = v.strictObject({ t: v.literal('remove'), at: TIME, address: NODE });

/** Stops a node: its neighbours keep it in their lists and find it unreachable. */
export const removeNode: Command<typeof entry> = {
  t: 'remove',
  entry,
  perform: (network, { address }) => network.stopNode(address),
  label: 'app.removeNode',
};
