import { canonicalJson } from '../core/json/canonical';
import { getKey, isJsonObject, type Json } from '../core/json/value';
import { proofText, tryProof } from '../core/proof';
import type { Rules } from '../core/rules';
import type { NodeView } from './state';

export interface BlockDetails {
  readonly block: Json;
  readonly hash: string;
  /** What the hash is computed over: the block's canonical JSON. */
  readonly canonical: string;
  /** valid_proof's guess against the previous block, and its digest (null for the genesis block). */
  readonly proof: { readonly guess: string; readonly digest: string; readonly ok: boolean } | null;
}

/**
 * Everything a person may want to see about one block. One block, opened on request: a single
 * SHA-256 of its proof guess, never a sweep over chains (the workers send every block hash).
 */
export function blockDetails(snapshot: NodeView['snapshot'], position: number, rules: Rules): BlockDetails | null {
  const { chain } = snapshot.state;
  const block = chain[position];
  if (block === undefined) return null;
  const hash = snapshot.hashes[position] ?? '';
  const canonical = canonicalJson(block);
  if (position === 0) return { block, hash, canonical, proof: null };
  const previous = chain[position - 1] as Json;
  const lastProof = isJsonObject(previous) ? proofText(getKey(previous, 'proof')) : null;
  const proof = isJsonObject(block) ? proofText(getKey(block, 'proof')) : null;
  if (lastProof === null || proof === null) return { block, hash, canonical, proof: null };
  const lastHash = snapshot.hashes[position - 1] ?? '';
  const attempt = tryProof({ rule: rules.proofRule, difficulty: rules.difficulty, lastProof, lastHash }, proof);
  return { block, hash, canonical, proof: { guess: attempt.guess, digest: attempt.digest, ok: attempt.ok } };
}
