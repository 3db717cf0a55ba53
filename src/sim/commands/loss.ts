import * as v from 'valibot';
import type { Command } from '../command';
import { TIME } from '../journal';
import { MAX_LOSS_PERCENT } from '../links';

const entry = v.strictObject({
  t: v.literal('loss'),
  at: TIME,
  percent: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_LOSS_PERCENT)),
});

/** "Message loss": the share of messages every link loses (which ones: the seed decides, see Links). */
export const loss: Command<typeof entry> = {
  t: 'loss',
  entry,
  perform: (network, { percent }) =>
    network.changeLinks((links) => {
      links.lossPercent = percent;
    }),
  label: 'links.loss',
};
