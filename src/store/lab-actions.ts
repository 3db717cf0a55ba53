import type { BehaviourKind } from '../core/behaviour';
import { canonicalJson } from '../core/json/canonical';
import { readJson } from '../core/json/read';
import { fieldOf, isJsonObject, type Json, type JsonObject } from '../core/json/value';
import { MAX_POWER, MIN_POWER } from '../sim/automatic';
import {
  automatic as automaticCommand,
  behaviour as behaviourCommand,
  cutLink as cutCommand,
  editBlock as editBlockCommand,
  heal as healCommand,
  loss as lossCommand,
  partition as partitionCommand,
  power as powerCommand,
  publish as publishCommand,
  remine as remineCommand,
} from '../sim/commands';
import { MAX_NAME_LENGTH, perform, type Refusal } from './actions';
import type { Simulator } from './simulator';

/** What the "Edit block" form holds: every field as text, as shown. */
export interface BlockFields {
  readonly proof: string;
  readonly previousHash: string;
  readonly transactions: readonly { readonly sender: string; readonly recipient: string; readonly amount: string }[];
}

/** The longest previous_hash the form takes: a hash is 64 characters; room for a person's experiments. */
export const MAX_HASH_LENGTH = 200;

/** The form's fields for a block, as its values show (what the person starts from). */
export function fieldsOf(block: Json): BlockFields {
  const transactions = fieldOf(block, 'transactions');
  return {
    proof: textOf(fieldOf(block, 'proof')),
    previousHash: textOf(fieldOf(block, 'previous_hash')),
    transactions: (Array.isArray(transactions) ? transactions : []).map((tx) => ({
      sender: textOf(fieldOf(tx, 'sender')),
      recipient: textOf(fieldOf(tx, 'recipient')),
      amount: textOf(fieldOf(tx, 'amount')),
    })),
  };
}

/** Whether two blocks show the same fields. */
export function sameFields(a: BlockFields, b: BlockFields): boolean {
  return (
    a.proof === b.proof &&
    a.previousHash === b.previousHash &&
    a.transactions.length === b.transactions.length &&
    a.transactions.every((tx, i) => !changed(tx, b.transactions[i]))
  );
}

/** A string as typed (no quotes); any other value as JSON; nothing as nothing. */
function textOf(value: Json | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : canonicalJson(value);
}

export type EditOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly field: string | null;
      readonly refusal: Refusal;
      /** The block's fields now, where another block took its place while the person edited. */
      readonly now?: BlockFields;
    };

/**
 * "Save changes": POST /lab/edit with the fields the person changed, each as its kind: the proof a
 * whole number, previous_hash, sender and recipient as text, an amount a JSON number. A field left
 * as shown keeps the block's own value (its kind too). Nothing changed: refused, nothing sent.
 */
export function editBlock(
  sim: Simulator,
  address: string,
  position: number,
  fields: BlockFields,
  /** The block's fields when the person began (the form's first values): the block must still hold them. */
  began?: BlockFields,
): EditOutcome {
  const refuse = (field: string | null, key: Refusal['key'], params?: Record<string, string>): EditOutcome => ({
    ok: false,
    field,
    refusal: params ? { key, params } : { key },
  });
  if (sim.replaying) return refuse(null, 'step.replaying');
  const block = sim.session.network.snapshot(address)?.state.chain[position];
  if (!isJsonObject(block)) return refuse(null, 'lab.noBlock');
  const shown = fieldsOf(block);
  // A resolve or a block mined again put another block in its place meanwhile: the person's
  // changes were made to a block that is gone, and are not written over this one.
  if (began && !sameFields(began, shown)) {
    return {
      ok: false,
      field: null,
      refusal: { key: 'lab.changedMeanwhile', params: { index: String(position + 1) } },
      now: shown,
    };
  }
  const body: JsonObject = { position: BigInt(position) };
  const proof = fields.proof.trim();
  if (proof !== shown.proof) {
    if (!/^\d{1,30}$/.test(proof)) return refuse('proof', 'lab.proofInvalid');
    body.proof = BigInt(proof);
  }
  if (fields.previousHash !== shown.previousHash) {
    if (fields.previousHash.length > MAX_HASH_LENGTH) {
      return refuse('previousHash', 'lab.tooLong', { max: String(MAX_HASH_LENGTH) });
    }
    body.previous_hash = fields.previousHash;
  }
  const before = fieldOf(block, 'transactions');
  if (Array.isArray(before) && fields.transactions.some((tx, i) => changed(tx, shown.transactions[i]))) {
    const transactions: Json[] = [];
    for (const [i, tx] of fields.transactions.entries()) {
      const was = shown.transactions[i];
      const original = before[i] as Json;
      if (!was || !isJsonObject(original)) return refuse(null, 'lab.noBlock');
      const value = (key: 'sender' | 'recipient'): Json | null => {
        if (tx[key] === was[key]) return fieldOf(original, key) ?? null;
        return [...tx[key]].length > MAX_NAME_LENGTH ? null : tx[key];
      };
      const sender = value('sender');
      const recipient = value('recipient');
      if (sender === null || recipient === null) {
        return refuse(`${sender === null ? 'sender' : 'recipient'}-${i}`, 'lab.tooLong', {
          max: String(MAX_NAME_LENGTH),
        });
      }
      let amount = fieldOf(original, 'amount') ?? null;
      if (tx.amount.trim() !== was.amount) {
        const read = readJson(tx.amount.trim());
        if (
          !read.ok ||
          (typeof read.value !== 'bigint' && typeof read.value !== 'number') ||
          !Number.isFinite(Number(read.value))
        ) {
          return refuse(`amount-${i}`, 'tx.amountInvalid', { amount: tx.amount.slice(0, 40) });
        }
        amount = read.value;
      }
      transactions.push({ sender, recipient, amount });
    }
    body.transactions = transactions;
  }
  if (Object.keys(body).length === 1) return refuse(null, 'lab.unchanged');
  void perform(sim, editBlockCommand, { address, body: canonicalJson(body) });
  return { ok: true };
}

function changed(
  tx: BlockFields['transactions'][number],
  was: BlockFields['transactions'][number] | undefined,
): boolean {
  return !was || tx.sender !== was.sender || tx.recipient !== was.recipient || tx.amount.trim() !== was.amount;
}

/** "Re-mine from here": the node mines block `position` (from 0) and every block after it again. */
export function remineFrom(sim: Simulator, address: string, position: number): void {
  void perform(sim, remineCommand, { address, position });
}

/** "Behaviour": how the node answers GET /chain from now on (see core/behaviour.ts). */
export function setBehaviour(sim: Simulator, address: string, kind: BehaviourKind): void {
  void perform(sim, behaviourCommand, { address, behaviour: kind });
}

/** "Release": a node mining in private shows its whole chain. */
export function release(sim: Simulator, address: string): void {
  void perform(sim, publishCommand, { address });
}

/** "Automatic mode": the nodes mine at their hash power and resolve by themselves (see sim/automatic.ts). */
export function setAutomatic(sim: Simulator, on: boolean): void {
  const { resolveEveryMs } = sim.store.getState().auto;
  perform(sim, automaticCommand, { on, resolveEveryMs });
}

/**
 * "Hash power": a node's guesses per simulated second, a whole number in range; anything else
 * is refused with the range, and nothing changes.
 */
export function setPower(sim: Simulator, address: string, typed: string): Refusal | null {
  if (sim.replaying) return { key: 'step.replaying' };
  const guesses = Number(typed.trim());
  if (!/^\d+$/.test(typed.trim()) || guesses < MIN_POWER || guesses > MAX_POWER) {
    return { key: 'auto.powerRange', params: { min: String(MIN_POWER), max: MAX_POWER.toLocaleString('en-US') } };
  }
  perform(sim, powerCommand, { address, guesses });
  return null;
}

/** "Message loss": the share of messages every link loses, in percent. */
export function setLoss(sim: Simulator, percent: number): void {
  perform(sim, lossCommand, { percent });
}

/** Cuts the network in two: `side` on one side, every other node on the other. */
export function cutInTwo(sim: Simulator, side: readonly string[]): Refusal | null {
  const all = sim.session.network.addresses();
  if (side.length === 0 || side.length >= all.length) return { key: 'links.sideNeeded' };
  perform(sim, partitionCommand, { side: [...side] });
  return null;
}

/** Cuts one link (both ways), or mends it. */
export function setLinkCut(sim: Simulator, a: string, b: string, cut: boolean): void {
  perform(sim, cutCommand, { a, b, cut });
}

/** "Heal partition": every link whole again. */
export function healPartition(sim: Simulator): void {
  perform(sim, healCommand, {});
}

/** What the page needs to draw the lab (the ui reaches the sim only through the store). */
export { DEFAULT_POWER } from '../sim/automatic';
export { linkKey, MAX_LOSS_PERCENT } from '../sim/links';
