import { blockInSnapshot, hashInSnapshot, type NodeSnapshot } from '../core/connection';
import { canonicalJson } from '../core/json/canonical';
import { fieldOf, type Json } from '../core/json/value';

/** A transaction that was in a replaced chain and is in no block of the chain that replaced it. */
export interface Vanished {
  readonly sender: Json;
  readonly recipient: Json;
  readonly amount: Json;
  /** The block (its place, from 1) that held it in the replaced chain. */
  readonly index: number;
}

/** The most blocks of each side of a fork read for this: a longer reorganisation is told by its newest. */
const MOST = 200;

/**
 * What a resolve took out of a node's history: the transactions (rewards aside) of the blocks it
 * lost that no block it gained holds. A double spend is exactly that: a payment that was in the
 * chain the node trusted, gone from the one that won.
 */
export function vanishedTransactions(before: NodeSnapshot, after: NodeSnapshot): Vanished[] {
  let fork = 0;
  const shared = Math.min(before.length, after.length);
  while (fork < shared && hashInSnapshot(before, fork) === hashInSnapshot(after, fork)) fork++;
  const kept = new Set<string>();
  for (let i = Math.max(fork, after.length - MOST); i < after.length; i++) {
    for (const tx of transactionsOf(blockInSnapshot(after, i))) kept.add(canonicalJson(tx));
  }
  const gone: Vanished[] = [];
  for (let i = Math.max(fork, before.length - MOST); i < before.length; i++) {
    for (const tx of transactionsOf(blockInSnapshot(before, i))) {
      if (fieldOf(tx, 'sender') === '0' || kept.has(canonicalJson(tx))) continue;
      gone.push({
        sender: fieldOf(tx, 'sender') ?? null,
        recipient: fieldOf(tx, 'recipient') ?? null,
        amount: fieldOf(tx, 'amount') ?? null,
        index: i + 1,
      });
    }
  }
  return gone;
}

function transactionsOf(block: Json | undefined): Json[] {
  const transactions = fieldOf(block, 'transactions');
  return Array.isArray(transactions) ? transactions : [];
}
