import { blockInSnapshot } from '../../core/connection';
import { fieldOf } from '../../core/json/value';
import { mine, newTransaction, openBlock, registerNodes, resolve } from '../actions';
import { cutInTwo, editBlock, fieldsOf, healPartition, release, remineFrom, setBehaviour } from '../lab-actions';
import type { Simulator } from '../simulator';
import type { AppState } from '../state';
import {
  at,
  BEHAVIOUR,
  block,
  CONNECT_ALL,
  HEAL,
  idle,
  knows,
  type Lesson,
  lengthOf,
  MINE,
  nodeOf,
  PARTITION,
  REGISTER,
  RELEASE,
  RESOLVE,
  refusedInvalid,
  TRANSACTION,
  tookFrom,
  tookLongest,
} from './lesson';
import { registerMissing, takeFrom, takeLongest } from './moves';

const A = 'localhost:5000';
const B = 'localhost:5001';
const C = 'localhost:5002';
const QUICK = { proofRule: 'seed', difficulty: 3, resolveRule: 'seed' } as const;

function connectAll(sim: Simulator): void {
  const all = sim.session.network.addresses();
  for (const address of all)
    registerNodes(
      sim,
      address,
      all.filter((a) => a !== address).map((a) => `http://${a}`),
    );
}

const everyoneKnowsEveryone = (state: AppState) =>
  state.nodes.every((n) => state.nodes.every((m) => m === n || knows(state, n.address, m.address)));

/** A payment from alice to bob, on a node. */
const pay =
  (address: string, amount = '5') =>
  (sim: Simulator) =>
    void newTransaction(sim, address, { sender: 'alice', recipient: 'bob', amount });
const hasPending = (address: string) => (state: AppState) =>
  (nodeOf(state, address)?.snapshot.state.pendingTransactions.length ?? 0) > 0;

/** Whether a node's chain holds alice's payment to bob (a block of it has the transaction). */
function paidIn(state: AppState, address: string): boolean {
  const node = nodeOf(state, address);
  if (!node) return false;
  for (let i = 1; i < node.snapshot.length; i++) {
    const transactions = fieldOf(blockInSnapshot(node.snapshot, i), 'transactions');
    if (!Array.isArray(transactions)) continue;
    for (const tx of transactions) {
      if (fieldOf(tx, 'sender') === 'alice' && fieldOf(tx, 'recipient') === 'bob') return true;
    }
  }
  return false;
}

/** Lesson 7 from its private mining on: an attacker that took the honest chain holds the payment too. */
const attackSpoiled = (state: AppState) => (paidIn(state, C) ? 'lesson.attacker.spoiled' : null);

const problemsOf = (state: AppState, address: string): number => nodeOf(state, address)?.snapshot.problems?.length ?? 0;
const behaviourOf = (state: AppState, address: string) => nodeOf(state, address)?.snapshot.state.behaviour?.kind;

/** Lesson 4's tampering: block 2's first payment made 500 (no change when it is 500 already). */
function tamper(sim: Simulator): void {
  const chosen = sim.session.network.snapshot(B)?.state.chain[1];
  if (chosen === undefined) return;
  const fields = fieldsOf(chosen);
  const [first, ...rest] = fields.transactions;
  if (!first) return;
  const amount = first.amount === '500' ? '501' : '500';
  editBlock(sim, B, 1, { ...fields, transactions: [{ ...first, amount }, ...rest] });
}

export const LESSONS: readonly Lesson[] = [
  {
    id: 'walkthrough',
    title: 'lesson.walkthrough.title',
    summary: 'lesson.walkthrough.summary',
    rules: QUICK,
    latencyMs: 300,
    steps: [
      {
        text: 'lesson.walkthrough.1',
        target: at(A, REGISTER),
        done: (s) => knows(s, A, B),
        doIt: (sim) => void registerNodes(sim, A, [`http://${B}`]),
      },
      { text: 'lesson.walkthrough.2', target: at(B, TRANSACTION), done: hasPending(B), doIt: pay(B) },
      {
        text: 'lesson.walkthrough.3',
        target: at(B, MINE),
        done: (s) => lengthOf(s, B) >= 2,
        doIt: (sim) => mine(sim, B),
      },
      {
        text: 'lesson.walkthrough.4',
        target: at(A, RESOLVE),
        // The longest chain A hears, whoever mined what: a block too many on A is outgrown first.
        done: (s) => tookLongest(s, A),
        doIt: (sim, s) => registerMissing(sim, s, A, [B]) || takeLongest(sim, s, A, B),
      },
      { text: 'lesson.walkthrough.end' },
    ],
  },
  {
    id: 'work',
    title: 'lesson.work.title',
    summary: 'lesson.work.summary',
    rules: { ...QUICK, difficulty: 4 },
    latencyMs: 300,
    steps: [
      { text: 'lesson.work.1', target: at(A, MINE), done: (s) => lengthOf(s, A) >= 2, doIt: (sim) => mine(sim, A) },
      {
        text: 'lesson.work.2',
        target: at(A, block(2)),
        // Opened, whoever opened it (the dialog may be closed again before Next).
        done: (s) => s.seenBlock?.address === A && s.seenBlock.position === 1,
        doIt: (sim) => openBlock(sim, { address: A, position: 1 }),
      },
      { text: 'lesson.work.3', target: at(B, MINE), done: (s) => lengthOf(s, B) >= 2, doIt: (sim) => mine(sim, B) },
      { text: 'lesson.work.end' },
    ],
  },
  {
    id: 'fork',
    title: 'lesson.fork.title',
    summary: 'lesson.fork.summary',
    rules: { ...QUICK, genesis: 'shared' },
    latencyMs: 300,
    steps: [
      { text: 'lesson.fork.1', target: at(B, MINE), done: (s) => lengthOf(s, B) >= 3, doIt: (sim) => mine(sim, B) },
      { text: 'lesson.fork.2', target: at(C, MINE), done: (s) => lengthOf(s, C) >= 2, doIt: (sim) => mine(sim, C) },
      {
        text: 'lesson.fork.3',
        target: at(A, REGISTER),
        done: (s) => knows(s, A, B) && knows(s, A, C),
        doIt: (sim) => void registerNodes(sim, A, [`http://${B}`, `http://${C}`]),
      },
      {
        text: 'lesson.fork.4',
        target: at(A, RESOLVE),
        // The longer branch, whichever it is (5002 mined a block too many: its chain wins).
        done: (s) => tookLongest(s, A),
        doIt: (sim, s) => registerMissing(sim, s, A, [B, C]) || takeLongest(sim, s, A, B),
      },
      { text: 'lesson.fork.end' },
    ],
  },
  {
    id: 'tamper',
    title: 'lesson.tamper.title',
    summary: 'lesson.tamper.summary',
    rules: { ...QUICK, proofRule: 'reference' },
    latencyMs: 300,
    steps: [
      { text: 'lesson.tamper.1', target: at(B, TRANSACTION), done: hasPending(B), doIt: pay(B) },
      { text: 'lesson.tamper.2', target: at(B, MINE), done: (s) => lengthOf(s, B) >= 3, doIt: (sim) => mine(sim, B) },
      {
        text: 'lesson.tamper.3',
        target: at(B, block(2)),
        done: (s) => problemsOf(s, B) > 0,
        // A block after block 2 names its hash: only then does the change break a link.
        doIt: (sim, s) => (lengthOf(s, B) < 3 ? mine(sim, B) : tamper(sim)),
      },
      {
        text: 'lesson.tamper.4',
        target: at(A, RESOLVE),
        done: (s) => knows(s, A, B) && refusedInvalid(s, A),
        // A resolve checks only a longer chain: one mined again already is broken again, and a
        // chain of A's as long as B's (mined by mistake) is outgrown, so that A refuses it.
        doIt: (sim, s) => {
          if (registerMissing(sim, s, A, [B])) return;
          if (problemsOf(s, B) === 0) {
            if (lengthOf(s, B) < 3) mine(sim, B);
            else tamper(sim);
          } else if (lengthOf(s, B) <= lengthOf(s, A)) mine(sim, B);
          else resolve(sim, A);
        },
      },
      {
        text: 'lesson.tamper.5',
        target: at(B, block(2)),
        done: (s) => lengthOf(s, B) >= 3 && problemsOf(s, B) === 0 && idle(s, B),
        doIt: (sim) => remineFrom(sim, B, 1),
      },
      {
        text: 'lesson.tamper.6',
        target: at(A, RESOLVE),
        done: (s) => tookLongest(s, A),
        doIt: (sim, s) => {
          if (registerMissing(sim, s, A, [B])) return;
          if (problemsOf(s, B) > 0) remineFrom(sim, B, 1);
          else takeLongest(sim, s, A, B);
        },
      },
      { text: 'lesson.tamper.end' },
    ],
  },
  {
    id: 'liar',
    title: 'lesson.liar.title',
    summary: 'lesson.liar.summary',
    rules: QUICK,
    latencyMs: 300,
    steps: [
      { text: 'lesson.liar.1', target: at(A, MINE), done: (s) => lengthOf(s, A) >= 3, doIt: (sim) => mine(sim, A) },
      {
        text: 'lesson.liar.2',
        target: at(B, BEHAVIOUR),
        done: (s) => nodeOf(s, B)?.snapshot.state.behaviour?.kind === 'lies',
        doIt: (sim) => setBehaviour(sim, B, 'lies'),
      },
      {
        text: 'lesson.liar.3',
        target: at(A, REGISTER),
        done: (s) => knows(s, A, B),
        doIt: (sim) => void registerNodes(sim, A, [`http://${B}`]),
      },
      {
        text: 'lesson.liar.4',
        target: at(A, RESOLVE),
        done: (s) => tookFrom(s, A, B),
        doIt: (sim, s) => {
          if (behaviourOf(s, B) !== 'lies') setBehaviour(sim, B, 'lies');
          else if (!registerMissing(sim, s, A, [B])) takeFrom(sim, s, A, B);
        },
      },
      { text: 'lesson.liar.end' },
    ],
  },
  {
    id: 'partition',
    title: 'lesson.partition.title',
    summary: 'lesson.partition.summary',
    rules: { ...QUICK, genesis: 'shared' },
    latencyMs: 300,
    steps: [
      { text: 'lesson.partition.1', target: CONNECT_ALL, done: everyoneKnowsEveryone, doIt: connectAll },
      {
        text: 'lesson.partition.2',
        target: PARTITION,
        done: (s) => s.links.cut.length > 0,
        doIt: (sim) => void cutInTwo(sim, [A]),
      },
      {
        text: 'lesson.partition.3',
        target: at(B, MINE),
        done: (s) => lengthOf(s, B) >= 3,
        doIt: (sim) => mine(sim, B),
      },
      {
        text: 'lesson.partition.4',
        target: at(A, MINE),
        done: (s) => lengthOf(s, A) >= 2,
        doIt: (sim) => mine(sim, A),
      },
      { text: 'lesson.partition.5', target: HEAL, done: (s) => s.links.cut.length === 0, doIt: healPartition },
      {
        text: 'lesson.partition.6',
        target: at(A, RESOLVE),
        // The longest chain of the other side, whichever node has it.
        done: (s) => tookLongest(s, A),
        doIt: (sim, s) => {
          if (s.links.cut.length > 0) healPartition(sim);
          else if (!registerMissing(sim, s, A, [B, C])) takeLongest(sim, s, A, B);
        },
      },
      { text: 'lesson.partition.end' },
    ],
  },
  {
    id: 'attacker',
    title: 'lesson.attacker.title',
    summary: 'lesson.attacker.summary',
    rules: { ...QUICK, genesis: 'shared' },
    latencyMs: 300,
    // The attacker has the majority: two thirds of the network's hash power.
    power: { [C]: 20_000 },
    steps: [
      { text: 'lesson.attacker.1', target: CONNECT_ALL, done: everyoneKnowsEveryone, doIt: connectAll },
      {
        text: 'lesson.attacker.2',
        target: at(C, BEHAVIOUR),
        done: (s) => nodeOf(s, C)?.snapshot.state.behaviour?.kind === 'private',
        doIt: (sim) => setBehaviour(sim, C, 'private'),
      },
      { text: 'lesson.attacker.3', target: at(A, TRANSACTION), done: hasPending(A), doIt: pay(A) },
      {
        text: 'lesson.attacker.4',
        target: at(A, MINE),
        // The payment is in a block (A mined before it was sent has mined nothing of it yet).
        done: (s) => lengthOf(s, A) >= 2 && !hasPending(A)(s),
        doIt: (sim) => mine(sim, A),
      },
      {
        text: 'lesson.attacker.5',
        target: at(B, RESOLVE),
        // B takes A's chain: a chain of B's as long (mined by mistake) is outgrown first.
        done: (s) => tookFrom(s, B, A),
        doIt: (sim, s) => registerMissing(sim, s, B, [A, C]) || takeFrom(sim, s, B, A),
      },
      {
        text: 'lesson.attacker.6',
        target: at(C, MINE),
        // Longer than the honest chain, however long that has grown: else its release wins nothing.
        done: (s) => lengthOf(s, C) > Math.max(lengthOf(s, A), lengthOf(s, B)),
        doIt: (sim) => mine(sim, C),
        spoiled: attackSpoiled,
      },
      {
        text: 'lesson.attacker.7',
        target: at(C, RELEASE),
        done: (s) => behaviourOf(s, C) === 'honest',
        doIt: (sim, s) => (behaviourOf(s, C) === 'private' ? release(sim, C) : setBehaviour(sim, C, 'honest')),
        spoiled: attackSpoiled,
      },
      {
        text: 'lesson.attacker.8',
        target: at(B, RESOLVE),
        // The attacker's chain wins, and the payment is gone from it: if the honest one grew
        // meanwhile, the attacker mines on.
        done: (s) => tookFrom(s, B, C) && !paidIn(s, B),
        spoiled: attackSpoiled,
        doIt: (sim, s) => {
          if (behaviourOf(s, C) === 'private') release(sim, C);
          else if (behaviourOf(s, C) !== undefined && behaviourOf(s, C) !== 'honest') setBehaviour(sim, C, 'honest');
          else if (!registerMissing(sim, s, B, [A, C])) takeFrom(sim, s, B, C);
        },
      },
      { text: 'lesson.attacker.end' },
    ],
  },
];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
