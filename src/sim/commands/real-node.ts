import * as v from 'valibot';
import type { Command } from '../command';
import { TIME } from '../journal';

/** A real node's host and port, as the page reaches it ("127.0.0.1:5000", "192.168.0.12:5000"). */
export const OUTSIDE_HOST = v.pipe(
  v.string(),
  v.maxLength(300),
  v.regex(/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):\d{1,5}$/, 'is not a host and port'),
);

const entry = v.strictObject({ t: v.literal('real'), at: TIME, host: OUTSIDE_HOST, joined: v.boolean() });

/**
 * A real node joined the page (or left it): from then on, the simulated nodes' requests to its
 * host are real HTTP requests, and their answers are written in the journal (see the scheduler's
 * "answer" entries), so that a replay hears them again without asking.
 */
export const realNode: Command<typeof entry> = {
  t: 'real',
  entry,
  perform: (network, { host, joined }) => network.setOutside(host, joined),
  label: 'real.add',
};
