import * as v from 'valibot';
import type { Command } from '../command';
import { NODE, TIME } from '../journal';

const entry = v.strictObject({
  t: v.literal('partition'),
  at: TIME,
  side: v.pipe(v.array(NODE), v.minLength(1), v.maxLength(16)),
});

/** Cuts the network in two: every link between the nodes of `side` and the others is cut. */
export const partition: Command<typeof entry> = {
  t: 'partition',
  entry,
  perform: (network, { side }) => {
    const one = new Set(side);
    const other = network.addresses().filter((a) => !one.has(a));
    network.changeLinks((links) => {
      for (const a of one) for (const b of other) links.setCut(a, b, true);
    });
  },
  label: 'links.partition',
};
