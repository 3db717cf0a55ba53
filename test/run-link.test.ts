import { describe, expect, it } from 'vitest';
import type { Rules } from '../src/core/rules';
import { mine, openRunLink, rewindTo, runLink } from '../src/store/actions';
import { decodeRunLink, encodeRunLink, LINK_PREFIX } from '../src/store/run-link';
import { store } from '../src/store/store';
import { startTestNetwork } from './support/app-host';
import { until } from './support/until';

const RULES: Rules = { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' };

const chains = () => store.getState().nodes.map((n) => n.snapshot.hashes);

describe('a run in a link', () => {
  it('opens the same network from the link, instantly (recorded proofs)', async () => {
    const sim = startTestNetwork(RULES, 20);
    mine(sim, 'localhost:5001');
    await until(() => chains()[1]?.length === 2, 'a block');
    const made = runLink(sim, 'http://127.0.0.1:5173/');
    if (!made.ok) throw new Error('no link');
    expect(made.url.startsWith(`http://127.0.0.1:5173/${LINK_PREFIX}`)).toBe(true);
    // Compressed: a run of three nodes and a block fits in well under two kilobytes.
    expect(made.url.length).toBeLessThan(2_000);
    const before = chains();
    const other = startTestNetwork(RULES, 20);
    expect(chains()).not.toEqual(before);
    expect(await openRunLink(other, made.url.slice(made.url.indexOf('#')))).toBe(true);
    expect(chains()).toEqual(before);
  });

  it('says when a link made in the past holds the run only up to the moment shown', async () => {
    const sim = startTestNetwork(RULES, 20);
    mine(sim, 'localhost:5001');
    await until(() => chains()[1]?.length === 2, 'a block');
    await until(() => store.getState().nodes.every((n) => n.activity === null), 'the nodes idle');
    const now = runLink(sim, 'http://127.0.0.1:5173/');
    expect(now.ok && now.past).toBeNull();
    const total = sim.session.recordedLine().length;
    expect(await rewindTo(sim, total - 2)).toBe(true);
    const past = runLink(sim, 'http://127.0.0.1:5173/');
    expect(past.ok && past.past).toEqual({ steps: total - 2, total });
  });

  it('refuses a damaged link with a message, and leaves the network as it was', async () => {
    const sim = startTestNetwork(RULES, 20);
    const before = chains();
    const good = encodeRunLink('{"format":"chainscope-run"}');
    for (const fragment of [`${good.slice(0, -6)}`, '#run=!!!', '#run=AAAA', '#other']) {
      expect(decodeRunLink(fragment).ok && fragment !== good).toBe(false);
      expect(await openRunLink(sim, fragment)).toBe(false);
      expect(store.getState().transferError?.key).toMatch(/^(link\.damaged|run\.)/);
      expect(chains()).toEqual(before);
    }
    // A link that reads but holds no run: the run file's own message.
    expect(await openRunLink(sim, good)).toBe(false);
    expect(store.getState().transferError?.key).toMatch(/^run\./);
  });
});
