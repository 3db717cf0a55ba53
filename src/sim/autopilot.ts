import { hashInSnapshot, type NodeSnapshot } from '../core/connection';
import { endpointOf, type HttpRequest } from '../core/http';
import type { Outcome } from '../core/node';
import type { AutoAction, Automatic } from './automatic';
import type { Command, EntrySchema, Fields } from './command';
import { forge as forgeCommand, resolve as resolveCommand, search as searchCommand } from './commands';
import type { NetworkInside } from './inside';

/** Runs a person's command as the network does (journaled): how the automatic mode acts. */
export type RunCommand = <Schema extends EntrySchema, Result>(
  command: Command<Schema, Result>,
  fields: Fields<Schema>,
) => Result;

/**
 * The automatic mode at work in the network: what it makes of each answer, and the journaled
 * commands it issues (a search, a forge, a resolve). Its state and its clock are automatic.ts;
 * a replay moves that state the same way but issues nothing (the journal has what it issued).
 */
export class Autopilot {
  constructor(
    private readonly net: NetworkInside,
    private readonly auto: Automatic,
    private readonly run: RunCommand,
  ) {}

  /**
   * What the automatic mode makes of a person's (or its own) request's answer: a search's block
   * waits for its moment, a forged block is followed by a resolve and a new search, an adopted
   * chain by a new search.
   */
  after(address: string, request: HttpRequest, outcome: Outcome, snapshot: NodeSnapshot): void {
    const endpoint = endpointOf(request);
    const tip = hashInSnapshot(snapshot, snapshot.length - 1);
    if (endpoint === '/lab/search') {
      this.auto.searched(address, outcome.kind === 'searched' ? outcome : null, tip, this.net.now);
    } else if (endpoint === '/lab/forge') {
      if (outcome.kind === 'forged') this.issue({ kind: 'resolve', address });
    } else if (outcome.kind === 'replaced') {
      this.auto.replaced(address, this.net.now);
    } else if (endpoint !== '/nodes/resolve') return;
    this.kick();
    this.net.gatesChanged();
  }

  /** Every node with nothing under way in automatic mode starts a search (not while a replay decides). */
  kick(): void {
    if (!this.auto.on || this.net.scripted) return;
    for (const [address, node] of [...this.net.nodes]) {
      // A node resolving searches when its resolve is done (a search would wait behind it).
      if (node.alive && this.auto.idle(address) && !this.resolving(address)) {
        this.issue({ kind: 'search', address, from: this.auto.startOf(address) });
      }
    }
  }

  private resolving(address: string): boolean {
    for (const command of this.net.commands.values()) {
      if (command.address === address && command.activity === 'resolving') return true;
    }
    return false;
  }

  /** Does what the automatic mode asks, as a journaled command. */
  issue(action: AutoAction): void {
    if (this.net.scripted) return;
    const { address } = action;
    const node = this.net.nodes.get(address);
    if (!node?.alive) return;
    switch (action.kind) {
      case 'search':
        void this.run(searchCommand, { address, from: action.from });
        return;
      case 'forge':
        void this.run(forgeCommand, { address, proof: action.proof, lastHash: action.lastHash });
        return;
      case 'resolve':
        // One resolve at a time: a node still resolving skips this one. A node mining in
        // private never takes another chain: it keeps to its own until it releases it.
        if (this.resolving(address) || node.snapshot.state.behaviour?.kind === 'private') {
          this.auto.resolving(address, this.net.now);
          return;
        }
        void this.run(resolveCommand, { address });
        return;
      default:
        action satisfies never;
    }
  }
}
