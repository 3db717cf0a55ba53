import type { Network } from '../../src/sim/network';
import { tick } from './sim';

/** Waits until every node has done what it was asked and no automatic search is still out. */
export async function quiet(network: Network): Promise<void> {
  for (let i = 0; i < 100_000; i++) {
    const searching = network.automaticState.nodes.some(([, n]) => n.searchingSince !== null);
    if (network.settled && !searching) return;
    await tick();
  }
  const nodes = (network as unknown as { nodes: Map<string, { unsettled: number }> }).nodes;
  throw new Error(
    `the network never went quiet: ${JSON.stringify([...nodes].map(([a, n]) => [a, n.unsettled]))} ${JSON.stringify(network.automaticState.nodes)}`,
  );
}

/**
 * Sim time without a clock (a network made with `report: true`): moves to each next event in
 * turn, once the nodes are quiet, until `until` holds or sim time passes `limitMs`.
 */
export async function drive(network: Network, until: () => boolean, limitMs: number): Promise<void> {
  for (;;) {
    await quiet(network);
    if (until()) return;
    const next = network.nextEventTime();
    if (next === null || next > limitMs) return;
    network.advanceTo(next);
  }
}
