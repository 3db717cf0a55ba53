import * as v from 'valibot';
import type { Command } from '../command';
import { TIME } from '../journal';

const entry = v.strictObject({ t: v.literal('mode'), at: TIME, step: v.boolean() });

/** Step mode: nothing moves until a Step. Run mode: everything waiting goes. */
export const stepMode: Command<typeof entry> = {
  t: 'mode',
  entry,
  perform: (network, { step }) => network.setStepMode(step),
  label: 'step.mode',
  shortcut: 'KeyT',
};
