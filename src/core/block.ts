import { sha256Hex } from './hash';
import { canonicalJson } from './json/canonical';
import type { Json } from './json/value';

/** A transaction as the tutorial stores it: exactly these three keys, values as given. */
export type Transaction = { sender: Json; recipient: Json; amount: Json };

/** A block as this project forges it. Chains from elsewhere may hold anything (see Chain). */
export type Block = {
  index: bigint;
  timestamp: number;
  transactions: Transaction[];
  proof: bigint;
  previous_hash: string;
};

/**
 * A chain as it travels: a list of JSON values. Our own blocks are Blocks, but a chain adopted
 * from a neighbour is kept verbatim, extra fields and odd types included, as the reference does.
 */
export type Chain = Json[];

/**
 * Each chain made by appendBlock, and the number of the chain it was made from (a number, not
 * the chain: each chain would keep all the ones before it alive).
 */
const grownFrom = new WeakMap<readonly Json[], number>();
const numbers = new WeakMap<readonly Json[], number>();
let lastNumber = 0;

function numberOf(chain: readonly Json[]): number {
  let number = numbers.get(chain);
  if (number === undefined) {
    number = ++lastNumber;
    numbers.set(chain, number);
  }
  return number;
}

/** `chain` with `block` added at its end: a new list (chains are never changed in place). */
export function appendBlock(chain: readonly Json[], block: Json): Chain {
  const grown = [...chain, block];
  grownFrom.set(grown, numberOf(chain));
  return grown;
}

/**
 * How many of `chain`'s first blocks are known to be `base`'s, the same objects, without reading
 * them: all of `base` when `chain` is `base` or was made from it by appendBlock, else 0.
 */
export function sharedStart(chain: readonly Json[], base: readonly Json[]): number {
  if (chain === base) return base.length;
  const from = grownFrom.get(chain);
  return from !== undefined && from === numbers.get(base) ? base.length : 0;
}

export const GENESIS_PROOF = 100n;
export const GENESIS_PREVIOUS_HASH = '1';
/** The reward's sender: "0" means the coin was minted by mining. */
export const REWARD_SENDER = '0';
export const REWARD_AMOUNT = 1n;

/** The genesis block: index 1, proof 100, previous_hash "1", no transactions. */
export function genesisBlock(timestamp: number): Block {
  return {
    index: 1n,
    previous_hash: GENESIS_PREVIOUS_HASH,
    proof: GENESIS_PROOF,
    timestamp,
    transactions: [],
  };
}

/** The mining reward, always the last transaction of a mined block. */
export function rewardTransaction(nodeIdentifier: string): Transaction {
  return { sender: REWARD_SENDER, recipient: nodeIdentifier, amount: REWARD_AMOUNT };
}

/** The block hash: sha256 hex of Python's json.dumps(block, sort_keys=True). Works on any JSON value. */
export function blockHash(block: Json): string {
  if (typeof block !== 'object' || block === null) return sha256Hex(canonicalJson(block));
  // Values are never changed in place (a changed block is a new object), so a block's hash is
  // computed once: a chain is hashed again at every check of valid_chain and every resolve.
  let hash = hashes.get(block);
  if (hash === undefined) {
    hash = sha256Hex(canonicalJson(block));
    hashes.set(block, hash);
  }
  return hash;
}

const hashes = new WeakMap<object, string>();
