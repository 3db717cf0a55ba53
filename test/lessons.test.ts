import { describe, expect, it } from 'vitest';
import { hashInSnapshot } from '../src/core/connection';
import { mine, newTransaction, resolve, setLatency } from '../src/store/actions';
import { healPartition, release, remineFrom, setBehaviour } from '../src/store/lab-actions';
import { LESSONS, lessonDoIt, lessonNext, startLesson, stepDone, stepSpoiled } from '../src/store/lesson-actions';
import type { Simulator } from '../src/store/simulator';
import { store } from '../src/store/store';
import { startTestNetwork } from './support/app-host';
import { until } from './support/until';

/**
 * Lessons driven in-process as a person drives them: the highlighted controls pressed a time too
 * many, or on the wrong node, or early; then "Do it for me" must bring the network to where the
 * step asks (Next opens), whatever state the person left it in.
 */

const A = 'localhost:5000';
const B = 'localhost:5001';
const C = 'localhost:5002';

const node = (address: string) => store.getState().nodes.find((n) => n.address === address);
const lengthOf = (address: string) => node(address)?.snapshot.length ?? 0;
const tip = (address: string) => {
  const snapshot = node(address)?.snapshot;
  return snapshot ? hashInSnapshot(snapshot, snapshot.length - 1) : '';
};
/** Two nodes hold the same chain. */
const same = (a: string, b: string) => lengthOf(a) === lengthOf(b) && tip(a) === tip(b);

/** Nothing is under way on the network, and the page shows it. */
async function quiet(sim: Simulator): Promise<void> {
  const { network } = sim.session;
  await until(() => network.addresses().every((a) => network.idle(a)), 'the network to be quiet');
  sim.session.flush();
}

/** A person's click (or several at once), then the network settles. */
async function press(sim: Simulator, ...clicks: (() => unknown)[]): Promise<void> {
  for (const click of clicks) click();
  await quiet(sim);
}

const shownStep = () => store.getState().lesson?.step ?? -1;

/**
 * The step is finished: if Next is not open, "Do it for me" is pressed (again every 2 s, as a
 * person might, for up to 15 s) until it is; then Next.
 */
async function finish(sim: Simulator): Promise<void> {
  const step = shownStep();
  const started = performance.now();
  let pressed = Number.NEGATIVE_INFINITY;
  while (!stepDone(store.getState())) {
    const now = performance.now();
    if (now - started > 15_000) {
      throw new Error(`step ${step + 1} of ${store.getState().lesson?.id} never opened Next (stranded)`);
    }
    if (now - pressed > 2_000) {
      lessonDoIt(sim);
      pressed = now;
    }
    await new Promise((done) => setTimeout(done, 10));
  }
  lessonNext(sim);
  expect(shownStep()).toBe(step + 1);
}

/** The next `count` steps finished, one after another (see finish). */
async function finishSteps(sim: Simulator, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await finish(sim);
}

function begin(id: string, latencyMs?: number): Simulator {
  const sim = startTestNetwork();
  expect(startLesson(sim, id)).toBe(true);
  if (latencyMs !== undefined) setLatency(sim, latencyMs);
  return sim;
}

const pay = (sim: Simulator, address: string) => () =>
  newTransaction(sim, address, { sender: 'alice', recipient: 'bob', amount: '5' });

describe('a lesson never strands the person', () => {
  it('lesson 3: 5002 mined three blocks instead of one, and 5000 takes its chain, the longer branch', async () => {
    const sim = begin('fork');
    await press(sim, () => mine(sim, B));
    await press(sim, () => mine(sim, B));
    await finish(sim);
    // Mine pressed three times on 5002, quickly.
    await press(
      sim,
      () => mine(sim, C),
      () => mine(sim, C),
      () => mine(sim, C),
    );
    expect(lengthOf(C)).toBe(4);
    await finish(sim);
    await finish(sim); // Register, by "Do it for me"
    // Resolve pressed by the person: 5000 takes 5002's longer chain, and that is the step done.
    await press(sim, () => resolve(sim, A));
    expect(same(A, C)).toBe(true);
    expect(stepDone(store.getState())).toBe(true);
    await finish(sim);
    expect(shownStep()).toBe(4);
  });

  it('lesson 3: "Do it for me" over and over after the same extra blocks opens Next', async () => {
    const sim = begin('fork');
    await finish(sim);
    await press(
      sim,
      () => mine(sim, C),
      () => mine(sim, C),
      () => mine(sim, C),
    );
    await finishSteps(sim, 2);
    lessonDoIt(sim);
    lessonDoIt(sim);
    await finish(sim);
    expect(same(A, C)).toBe(true);
  });

  it('lesson 3: blocks mined on 5000 itself are outgrown, then taken over', async () => {
    const sim = begin('fork');
    await finishSteps(sim, 3);
    for (let i = 0; i < 4; i++) await press(sim, () => mine(sim, A));
    // Resolve early: 5000's own chain is the longest, so it keeps it.
    await press(sim, () => resolve(sim, A));
    expect(lengthOf(A)).toBe(5);
    await finish(sim);
    expect(lengthOf(A)).toBeGreaterThan(5);
    expect(same(A, B) || same(A, C)).toBe(true);
  });

  it('lesson 1: Mine pressed on 5000 by mistake, so 5001 is not longer: step 4 still opens Next', async () => {
    const sim = begin('walkthrough');
    await finishSteps(sim, 2);
    await press(sim, () => mine(sim, A));
    await press(sim, () => mine(sim, A));
    await press(sim, () => mine(sim, B));
    await finish(sim);
    expect(lengthOf(A)).toBe(3);
    await press(sim, () => resolve(sim, A));
    expect(lengthOf(A)).toBe(3);
    await finish(sim);
    expect(same(A, B)).toBe(true);
  });

  it('lesson 4: 5000 mined as long as 5001 (it would never check the tampered chain), and a re-mine pressed early', async () => {
    const sim = begin('tamper');
    await finishSteps(sim, 2);
    for (let i = 0; i < 3; i++) await press(sim, () => mine(sim, A));
    expect(lengthOf(A)).toBeGreaterThanOrEqual(lengthOf(B));
    await finish(sim); // tamper
    await finish(sim); // register, resolve: refused
    await finish(sim); // re-mine
    await press(
      sim,
      () => mine(sim, A),
      () => mine(sim, A),
    );
    await finish(sim); // 5000 takes the chain mined again
    expect(same(A, B)).toBe(true);

    // Re-mine pressed before 5000 resolved: the chain is whole again, so "Do it for me" breaks it again.
    const again = begin('tamper');
    await finish(again);
    await finish(again);
    await finish(again);
    await press(again, () => remineFrom(again, B, 1));
    await finish(again);
    await finish(again);
    await finish(again);
    expect(same(A, B)).toBe(true);
  });

  it('lesson 5: the liar set back to honest after step 2 is made a liar again', async () => {
    const sim = begin('liar');
    await finishSteps(sim, 3);
    await press(sim, () => setBehaviour(sim, B, 'honest'));
    await press(sim, () => resolve(sim, A));
    expect(lengthOf(A)).toBe(3);
    await finish(sim);
    expect(same(A, B)).toBe(true);
    expect(lengthOf(A)).toBe(1);
  });

  it('lesson 6: 5000 mined a block too many, and 5002 mined on the wrong side', async () => {
    const sim = begin('partition');
    await finishSteps(sim, 2);
    // Step 3: two blocks on 5001, and three on 5002 by mistake (5002 is on 5001's side).
    await press(sim, () => mine(sim, B));
    await press(sim, () => mine(sim, B));
    for (let i = 0; i < 3; i++) await press(sim, () => mine(sim, C));
    await finish(sim);
    // Step 4: Mine on 5000 three times instead of once.
    for (let i = 0; i < 3; i++) await press(sim, () => mine(sim, A));
    await finish(sim);
    await press(sim, () => healPartition(sim));
    await finishSteps(sim, 2);
    // 5000 holds the longest chain it hears, and it is not its own.
    expect(same(A, C)).toBe(true);
    expect(lengthOf(A)).toBeGreaterThan(4);
  });

  it('lesson 6: with 5000 the longest after its extra blocks, "Do it for me" outgrows it', async () => {
    const sim = begin('partition');
    await finishSteps(sim, 3);
    for (let i = 0; i < 3; i++) await press(sim, () => mine(sim, A));
    await finishSteps(sim, 2);
    await press(sim, () => resolve(sim, A));
    expect(lengthOf(A)).toBe(4);
    await finish(sim);
    expect(same(A, B)).toBe(true);
  });

  it("lesson 7: 5000 mined three blocks, so two of the attacker's are not enough; and 5001 mined by mistake", async () => {
    const sim = begin('attacker');
    await finishSteps(sim, 3);
    for (let i = 0; i < 3; i++) await press(sim, () => mine(sim, A));
    await finishSteps(sim, 2);
    expect(same(B, A)).toBe(true);
    // Step 6 as its words said before: two blocks in private.
    await press(sim, () => mine(sim, C));
    await press(sim, () => mine(sim, C));
    await finishSteps(sim, 3);
    expect(same(B, C)).toBe(true);
    expect(node(B)?.resolution?.vanished?.length).toBeGreaterThan(0);
    expect(shownStep()).toBe(8);

    // Mine pressed on 5001 (not 5000) at step 4: 5001's chain is longer than 5000's.
    const wrong = begin('attacker');
    for (let i = 0; i < 3; i++) await finish(wrong);
    await press(wrong, () => mine(wrong, A));
    await press(wrong, () => mine(wrong, B));
    await press(wrong, () => mine(wrong, B));
    await finish(wrong);
    await finish(wrong);
    expect(same(B, A)).toBe(true);
    expect(
      node(B)?.snapshot.state.chain.some((b) =>
        JSON.stringify(b, (_, v) => (typeof v === 'bigint' ? Number(v) : v)).includes('alice'),
      ),
    ).toBe(true);
  });

  it('lesson 7: an attacker that resolved onto the honest chain holds the payment: the lesson says so, and never claims it vanished', async () => {
    const sim = begin('attacker');
    await finishSteps(sim, 5);
    // Step 6: Resolve pressed on the attacker, which takes 5000's chain with the payment.
    await press(sim, () => resolve(sim, C));
    expect(stepSpoiled(store.getState())).toBe('lesson.attacker.spoiled');
    // "Do it for me" cannot make the payment vanish: it makes no move, and Next stays shut.
    const before = lengthOf(C);
    lessonDoIt(sim);
    await quiet(sim);
    expect(lengthOf(C)).toBe(before);
    // Mined on and released by hand, the attacker's chain wins, payment included: step 8 is not done.
    for (let i = 0; i < 3; i++) await press(sim, () => mine(sim, C));
    expect(stepDone(store.getState())).toBe(true);
    lessonNext(sim);
    await press(sim, () => release(sim, C));
    expect(stepDone(store.getState())).toBe(true);
    lessonNext(sim);
    await press(sim, () => resolve(sim, B));
    expect(same(B, C)).toBe(true);
    expect(stepDone(store.getState())).toBe(false);
    expect(stepSpoiled(store.getState())).toBe('lesson.attacker.spoiled');
    // Started again, the lesson runs to its end.
    expect(startLesson(sim, 'attacker')).toBe(true);
    expect(stepSpoiled(store.getState())).toBeNull();
    await finishSteps(sim, 8);
    expect(node(B)?.resolution?.vanished?.length).toBeGreaterThan(0);
  });

  it('lesson 7: the attacker starts with two thirds of the hash power', async () => {
    const sim = begin('attacker');
    await quiet(sim);
    expect(new Map(store.getState().auto.power).get(C)).toBe(20_000);
    expect(new Map(store.getState().auto.power).get(A)).toBeUndefined();
  });

  it('lesson 7: the attacker set to another behaviour before Release is made honest', async () => {
    const sim = begin('attacker');
    await finishSteps(sim, 6);
    await press(sim, () => setBehaviour(sim, C, 'lies'));
    await finishSteps(sim, 2);
    expect(same(B, C)).toBe(true);
  });

  it('lesson 7: a payment sent on 5000 after it mined by mistake goes into a block before Next', async () => {
    const sim = begin('attacker');
    await finishSteps(sim, 2);
    await press(sim, () => mine(sim, A));
    await press(sim, pay(sim, A));
    await finish(sim);
    expect(lengthOf(A)).toBe(2);
    await finish(sim);
    expect(node(A)?.snapshot.state.pendingTransactions).toEqual([]);
    expect(lengthOf(A)).toBe(3);
  });
});

describe('"Do it for me" under way', () => {
  it('gets there on one press, however many moves that takes (blocks mined on 5001, then the resolve)', async () => {
    const sim = begin('walkthrough');
    await finishSteps(sim, 3);
    for (let i = 0; i < 4; i++) await press(sim, () => mine(sim, A));
    lessonDoIt(sim);
    await until(() => stepDone(store.getState()), 'step 4 to be done on one press');
    expect(lengthOf(B)).toBe(6);
    expect(same(A, B)).toBe(true);
  });

  it('stops when another network starts meanwhile, and moves nothing on it', async () => {
    const sim = begin('fork');
    lessonDoIt(sim);
    const other = startTestNetwork();
    await new Promise((done) => setTimeout(done, 300));
    await quiet(other);
    expect(store.getState().nodes.every((n) => n.snapshot.length === 1)).toBe(true);
  });
});

describe('"Do it for me" after blocks mined a time too many', () => {
  // Before each step with a move, Mine is pressed three times on one node; the lesson is then
  // finished by "Do it for me" alone. (No latency: the moves, not the waits, are what is checked.)
  for (const lesson of LESSONS) {
    for (const extra of [A, B, C]) {
      it(`lesson ${lesson.id}: every step opens Next with three extra blocks on ${extra} before it`, async () => {
        const sim = begin(lesson.id, 0);
        for (let at = 0; at < lesson.steps.length - 1; at++) {
          for (let i = 0; i < 3; i++) await press(sim, () => mine(sim, extra));
          await finish(sim);
        }
        expect(shownStep()).toBe(lesson.steps.length - 1);
      }, 120_000);
    }
  }
});
