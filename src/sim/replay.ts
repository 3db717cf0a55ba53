import type { FailureCause } from '../core/connection';
import type { JournalEntry } from './commands';
import type { Network } from './network';

/** Why a replay stopped: the step it could not take, and why (in English, for the log and tests). */
export class ReplayError extends Error {
  constructor(
    /** The journal position of the entry that failed (from 0). */
    readonly entry: number,
    message: string,
    /** Why, as data, when a node said it so (see FailureCause). */
    readonly why?: FailureCause,
  ) {
    super(message);
  }
}

/** The person pressed Cancel. */
export class ReplayCancelled extends Error {
  constructor() {
    super('the replay was cancelled');
  }
}

export interface ReplayHooks {
  /** Told after each entry how many of the journal are applied (its position, from the start). */
  readonly progress?: (position: number) => void;
  /**
   * Asked every so often: a promise to wait for before going on (the page draws a frame, or the
   * person cancels), or null to go straight on.
   */
  readonly breather?: () => Promise<void> | null;
  /** Asked at each breather: whether to stop (the replay then throws ReplayCancelled). */
  readonly cancelled?: () => boolean;
  /**
   * Leaves the network in step mode (journaled, if it was not), so that it stays where the replay
   * put it: in run mode what waits would go on by itself. Time travel does this.
   */
  readonly hold?: boolean;
  /**
   * Checkpoints along the replay: `take` is called every `every` to 2 × `every` entries, where the
   * nodes have done all that the entries so far asked of them. A checkpoint taken while they were
   * behind (a bulk replay runs ahead of them) holds their backlog: an imported run's checkpoints
   * held some 400 blocks to forge again, and each jump to one took 400-900 ms.
   */
  readonly checkpoint?: { readonly every: number; readonly take: (position: number) => void };
}

const BREATHER_EVERY = 256;

/**
 * Replays entries `from` to `to` of `journal` into `network`, which must be as it was after the
 * first `from` entries (a fresh network for from = 0, or one just restored from a checkpoint).
 *
 * In bulk: an entry is applied as soon as the network can take it, without waiting for the nodes
 * between entries. Only a gate a node has not made yet is waited for (a neighbour request, an
 * answer to be sent back); a block's "found" gate is let go at once with its recorded proof, so a
 * node mines block after block without a round trip per block. A node that stops (a recorded
 * proof that does not hold) or a gate that never comes ends the replay with a ReplayError that
 * names the entry. The nodes may still be working when it returns: see Network.settled.
 */
export async function replayJournal(
  network: Network,
  journal: readonly JournalEntry[],
  from: number,
  to: number,
  hooks: ReplayHooks = {},
): Promise<void> {
  let failure: string | null = null;
  let cause: FailureCause | undefined;
  const stop = network.subscribe((event) => {
    if (event.type === 'failed' || event.type === 'contradiction') {
      if (failure === null && event.type === 'failed') cause = event.cause;
      failure ??= event.reason;
    }
  });
  network.beginScript();
  let taken = from;
  try {
    for (let i = from; i < to; i++) {
      const entry = journal[i] as JournalEntry;
      if ((i - from) % BREATHER_EVERY === BREATHER_EVERY - 1) {
        const wait = hooks.breather?.();
        if (wait) await wait;
        if (hooks.cancelled?.()) throw new ReplayCancelled();
      }
      if (!network.ready(entry)) {
        // Everything sent has been dealt with and still no gate: it will never come.
        await network.waitFor(() => failure !== null || network.ready(entry) || network.settled);
        if (failure === null && !network.ready(entry)) {
          throw new ReplayError(i, `step ${i + 1} (${describe(entry)}) names something the network never made`);
        }
      }
      if (failure !== null) throw new ReplayError(i, failure, cause);
      if (hooks.checkpoint && i - taken >= hooks.checkpoint.every) {
        // Where the nodes have caught up by themselves (a replay waits for them at every
        // neighbour request), or else, at twice the spacing, once they have.
        if (!network.settled && i - taken >= hooks.checkpoint.every * 2) {
          await network.waitFor(() => failure !== null || network.settled);
          if (failure !== null) throw new ReplayError(i - 1, failure, cause);
        }
        if (network.settled) {
          taken = i;
          hooks.checkpoint.take(i);
        }
      }
      network.apply(entry);
      hooks.progress?.(i + 1);
    }
    await network.waitFor(() => failure !== null || network.settled || hooks.cancelled?.() === true);
    // A Cancel pressed while the nodes finished (a short run is nothing else) is a Cancel still.
    if (hooks.cancelled?.()) throw new ReplayCancelled();
    if (failure !== null) throw new ReplayError(to - 1, failure, cause);
    if (hooks.hold) network.setMode(true);
  } finally {
    stop();
    network.endScript();
  }
}

function describe(entry: JournalEntry): string {
  return 'ref' in entry ? `${entry.t} ${entry.ref}` : entry.t;
}
