import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { canonicalJson } from '../core/json/canonical';
import { readJson } from '../core/json/read';
import { getKey, isJsonObject, type Json } from '../core/json/value';
import type { NodeState } from '../core/node';
import type { Rules } from '../core/rules';
import { validChain } from '../core/validation';

const FORMAT = 'chainscope-node';
const VERSION = 1n;

/** What `--data` keeps of a node: everything but its address and rules (which the command line gives). */
export function writeNodeData(file: string, state: NodeState): void {
  const text = `${canonicalJson({
    format: FORMAT,
    version: VERSION,
    node_identifier: state.nodeIdentifier,
    chain: state.chain,
    current_transactions: [...state.pendingTransactions],
    nodes: [...state.neighbours],
  })}\n`;
  // Written beside, then renamed over: a crash mid-write never leaves half a file.
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

export type ReadNodeData =
  | {
      readonly ok: true;
      readonly data: Pick<NodeState, 'nodeIdentifier' | 'chain' | 'pendingTransactions' | 'neighbours'>;
    }
  | { readonly ok: false; readonly reason: string }
  | { readonly ok: 'missing' };

/** A node's saved state, checked whole (its chain with valid_chain under these rules), or why not. */
export function readNodeData(file: string, rules: Rules): ReadNodeData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: 'missing' };
    return { ok: false, reason: (error as Error).message };
  }
  const read = readJson(text);
  if (!read.ok) return { ok: false, reason: `not JSON: ${read.error.message}` };
  const value: Json = read.value;
  if (!isJsonObject(value) || getKey(value, 'format') !== FORMAT) return { ok: false, reason: `not a ${FORMAT} file` };
  if (getKey(value, 'version') !== VERSION)
    return { ok: false, reason: `version ${String(getKey(value, 'version'))} is not ${VERSION}` };
  const nodeIdentifier = getKey(value, 'node_identifier');
  const chain = getKey(value, 'chain');
  const pending = getKey(value, 'current_transactions');
  const nodes = getKey(value, 'nodes');
  if (typeof nodeIdentifier !== 'string' || !/^[0-9a-f]{32}$/.test(nodeIdentifier)) {
    return { ok: false, reason: 'node_identifier is not 32 hex digits' };
  }
  if (!Array.isArray(chain)) return { ok: false, reason: 'chain is not a list' };
  const verdict = validChain(chain, rules);
  if (!verdict.valid)
    return { ok: false, reason: `its chain is not valid under these rules: ${verdict.failure.reason}` };
  if (!Array.isArray(pending) || !pending.every(isTransaction)) {
    return { ok: false, reason: 'current_transactions is not a list of transactions' };
  }
  if (!Array.isArray(nodes) || !nodes.every((n) => typeof n === 'string'))
    return { ok: false, reason: 'nodes is not a list of addresses' };
  return {
    ok: true,
    data: {
      nodeIdentifier,
      chain,
      pendingTransactions: pending as unknown as NodeState['pendingTransactions'],
      neighbours: nodes as string[],
    },
  };
}

function isTransaction(value: Json): boolean {
  return (
    isJsonObject(value) &&
    Object.keys(value).length === 3 &&
    ['sender', 'recipient', 'amount'].every((key) => getKey(value, key) !== undefined)
  );
}
