import * as v from 'valibot';
import type { Command } from '../command';
import { LATENCY, TIME } from '../journal';

const entry = v.strictObject({ t: v.literal('latency'), at: TIME, ms: LATENCY });

/** How long a message takes between two nodes, from now on. */
export const latency: Command<typeof entry> = {
  t: 'latency',
  entry,
  perform: (network, { ms }) => network.setLatency(ms),
  label: 'settings.latency',
};
