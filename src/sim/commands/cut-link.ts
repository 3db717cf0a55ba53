import * as v from 'valibot';
import type { Command } from '../command';
import { NODE, TIME } from '../journal';

const entry = v.strictObject({ t: v.literal('cut'), at: TIME, a: NODE, b: NODE, cut: v.boolean() });

/** Cuts the link between two nodes (both ways), or mends it: a message across a cut is lost. */
export const cutLink: Command<typeof entry> = {
  t: 'cut',
  entry,
  perform: (network, { a, b, cut }) => network.changeLinks((links) => links.setCut(a, b, cut)),
  label: 'links.cut',
};
