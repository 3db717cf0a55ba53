import * as v from 'valibot';
import type { Command } from '../command';
import { TIME } from '../journal';

const entry = v.strictObject({ t: v.literal('heal'), at: TIME });

/** "Heal partition": every cut link is whole again. */
export const heal: Command<typeof entry> = {
  t: 'heal',
  entry,
  perform: (network) => network.changeLinks((links) => links.heal()),
  label: 'links.heal',
};
