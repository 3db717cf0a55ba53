import { useEffect, useLayoutEffect, useRef } from 'react';
import { type CodeLine, code, type LineId, lineOf, type Routine } from '../core/algorithm';
import type { ResolveStep } from '../core/resolve';
import type { Rules } from '../core/rules';
import type { Gate, NodePause, SimMessage } from '../store/state';
import { failureText, skipText } from './failure-text';
import { type Translate, useApp, useT } from './use-app';
import { useHeld } from './use-settling';

interface View {
  readonly address: string;
  readonly routine: Routine;
  readonly line: LineId | null;
  readonly values: readonly (readonly [string, string])[];
  readonly sentence: string;
}

const short = (hash: string | undefined) => (hash ? `${hash.slice(0, 16)}…` : '—');

/** What the current step is, in the algorithm's terms: its line, its values, one sentence. */
function viewOf(pause: NodePause, address: string, rules: Rules, t: Translate): View {
  const zeros = '0'.repeat(rules.difficulty);
  if (pause.kind === 'guess' || pause.kind === 'found') {
    const attempt = pause.kind === 'guess' ? pause.attempt : null;
    const values: [string, string][] =
      pause.kind === 'found'
        ? [[t('algo.proof'), String(pause.proof)]]
        : attempt
          ? [
              [t('algo.proof'), attempt.proof],
              [t('algo.guess'), attempt.guess],
              [t('algo.digest'), attempt.digest],
            ]
          : [[t('algo.proof'), '0']];
    const sentence =
      pause.kind === 'found'
        ? t('explain.found', { proof: String(pause.proof) })
        : attempt
          ? t('explain.guess', { proof: attempt.proof, zeros })
          : t('explain.guessStart');
    const line = pause.kind === 'found' ? 'pow.return' : attempt ? 'pow.while' : 'pow.proof';
    return { address, routine: 'proof_of_work', line, values, sentence };
  }
  const { step } = pause;
  return { address, ...lineOf(step), ...stepView(step, zeros, t) };
}

const v = (label: string, value: string | number | null | undefined): [string, string] => [label, String(value ?? '—')];

/** A step of resolve_conflicts or valid_chain: its values and its sentence. */
export function stepView(step: ResolveStep, zeros: string, t: Translate): Pick<View, 'values' | 'sentence'> {
  switch (step.kind) {
    case 'begin':
      return {
        values: [v(t('algo.maxLength'), step.maxLength)],
        sentence: t('explain.begin', { max: step.maxLength }),
      };
    case 'request':
      return {
        values: [v(t('algo.neighbour'), step.neighbour)],
        sentence: t('explain.request', { neighbour: step.neighbour }),
      };
    case 'skip': {
      const reason = skipText(step.code, step.detail, step.reason, t);
      return {
        values: [v(t('algo.neighbour'), step.neighbour)],
        sentence: t('explain.skip', { neighbour: step.neighbour, reason }),
      };
    }
    case 'compare':
      return {
        values: [
          v(t('algo.neighbour'), step.neighbour),
          v(t('algo.claimed'), step.claimedLength),
          v(t('algo.counted'), step.countedLength),
          v(t('algo.length'), step.length),
          v(t('algo.maxLength'), step.maxLength),
        ],
        // The length compared is the one the neighbour claims (the seed's rule): where it is not
        // the length of the chain it sent, the sentence says it is a claim.
        sentence: t(
          step.length === step.claimedLength && step.claimedLength !== step.countedLength
            ? step.longer
              ? 'explain.longerClaimed'
              : 'explain.notLongerClaimed'
            : step.longer
              ? 'explain.longer'
              : 'explain.notLonger',
          { neighbour: step.neighbour, length: step.length, counted: step.countedLength, max: step.maxLength },
        ),
      };
    case 'check': {
      const { check } = step;
      const block = String(check.position + 1);
      const previous = String(check.position);
      const values: [string, string][] = [
        v(t('algo.neighbour'), step.neighbour),
        v(t('algo.currentIndex'), check.position),
      ];
      let sentence: string;
      if (check.check === 'previous_hash') {
        values.push(v(t('algo.lastHash'), short(check.expected)), v(t('algo.previousHash'), short(check.actual)));
        sentence = t(check.ok ? 'explain.prevOk' : 'explain.prevFail', { block, previous });
      } else if (check.check === 'proof') {
        values.push(v(t('algo.guess'), check.guess), v(t('algo.digest'), check.digest));
        sentence = t(check.ok ? 'explain.proofOk' : 'explain.proofFail', { block, zeros });
      } else if (check.check === 'shape') {
        sentence = t(check.ok ? 'explain.shapeOk' : 'explain.shapeFail', { block });
      } else sentence = t('explain.chainFail');
      return { values, sentence };
    }
    case 'verdict':
      return {
        values: [v(t('algo.neighbour'), step.neighbour)],
        sentence: step.valid
          ? t('explain.valid', { neighbour: step.neighbour })
          : `${t('explain.invalid', { neighbour: step.neighbour })} ${failureText(step.failure, t)}`,
      };
    case 'candidate':
      return {
        values: [v(t('algo.neighbour'), step.neighbour), v(t('algo.maxLength'), step.maxLength)],
        sentence: t('explain.candidate', { neighbour: step.neighbour, max: step.maxLength }),
      };
    case 'end':
      return {
        values: [],
        sentence: step.replaced ? t('explain.replace', { winner: step.winner ?? '' }) : t('explain.keep'),
      };
    default:
      return step satisfies never;
  }
}

export function messageSentence(gate: Extract<Gate, { kind: 'send' | 'deliver' }>, t: Translate): string {
  const { from, to } = gate.message;
  // A failed "answer" carries no chain: the asker is about to hear that nothing answered.
  if (gate.message.reply?.ok === false) return t('explain.noAnswer', { from, to });
  return t(gate.kind === 'send' ? 'explain.send' : 'explain.deliver', { from, to });
}

/** In step mode: the code being stepped, its current line marked, the values beside it. */
export function AlgorithmPanel() {
  const t = useT();
  const stepMode = useApp((s) => s.stepMode);
  const next = useApp((s) => s.next);
  const focus = useApp((s) => s.focus);
  const rules = useApp((s) => s.settings.rules);
  // The current line in view: when it moves, the panel (which scrolls when the dock is short)
  // scrolls just enough to show it, and nothing else on the page moves.
  const panel = useRef<HTMLElement>(null);
  const shownLine = useRef<string | null>(null);
  const showLine = useRef(() => {
    const box = panel.current;
    const line = box?.querySelector<HTMLElement>('.code li[aria-current]');
    if (!box || !line) return;
    const room = box.getBoundingClientRect();
    // Below the title, the sentence and the values, which stay at the top. A line is shown again
    // when the head or the panel changed size since (a step's values, the page's hint line above).
    const top = box.querySelector('.algo-head')?.getBoundingClientRect().bottom ?? room.top;
    const id = `${line.parentElement?.dataset.routine}:${line.dataset.line}:${Math.round(top - room.top)}:${Math.round(room.height)}`;
    if (id === shownLine.current) return;
    shownLine.current = id;
    const at = line.getBoundingClientRect();
    // A line of the code's own height above or below it where there is room for it (a wrapped line
    // is taller than the room left under the head in a short dock: then its first line at the top).
    const margin = Math.max(0, Math.min(18, (room.bottom - top - at.height) / 2));
    if (at.top < top || at.height > room.bottom - top) box.scrollTop -= top - at.top + margin;
    else if (at.bottom > room.bottom) box.scrollTop += at.bottom - room.bottom + margin;
  });
  // While the nodes work on a Step, the step it came from stays (see useSettling): an earlier one
  // was shown for a few frames, and read out before the new step's words.
  const settled = useApp((s) => s.settled);
  useLayoutEffect(() => showLine.current());
  // The panel resized by the page around it (not drawn again itself): the line is shown again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the panel is there in step mode only
  useEffect(() => {
    const box = panel.current;
    if (!box || typeof ResizeObserver !== 'function') return;
    const watch = new ResizeObserver(() => showLine.current());
    watch.observe(box);
    return () => watch.disconnect();
  }, [stepMode]);

  let view: View | null = null;
  let message: SimMessage | Extract<Gate, { kind: 'send' }>['message'] | null = null;
  if (next?.kind === 'pause') view = viewOf(next.pause, next.address, rules, t);
  else if (focus?.pause && focus.finished && !next) {
    // The command has answered: the routine has returned.
    const last = viewOf(focus.pause, focus.address, rules, t);
    const replaced = focus.finished.key === 'msg.replaced';
    const line = last.routine === 'proof_of_work' ? 'pow.return' : replaced ? 'rc.true' : 'rc.false';
    const routine = last.routine === 'proof_of_work' ? 'proof_of_work' : 'resolve_conflicts';
    view = { ...last, routine, line, values: [], sentence: t(focus.finished.key, focus.finished.params) };
  } else if (focus?.pause) {
    const last = viewOf(focus.pause, focus.address, rules, t);
    view = next ? { ...last, sentence: messageSentence(next, t) } : last;
  } else if (next?.message.asker) {
    // A neighbour's chain on its way with no pause seen before it (a resolve run through in run
    // mode, then a jump into it): the asker's resolve_conflicts waits at its request.
    const { message } = next;
    const asked = message.kind === 'request' ? message.to : message.from;
    const waiting: NodePause = {
      kind: 'trace',
      step: { kind: 'request', neighbour: asked, url: `http://${asked}/chain` },
    };
    view = { ...viewOf(waiting, message.asker, rules, t), sentence: messageSentence(next, t) };
  }
  if (next && next.kind !== 'pause') message = next.message;
  const held = useHeld({ view, message }, stepMode && !settled);
  view = held.view;
  message = held.message;
  if (!stepMode) return null;

  return (
    // Focusable: a keyboard scrolls it when it is longer than its place in the dock.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a box that scrolls must be reachable by keyboard (axe: scrollable-region-focusable)
    <section ref={panel} className="algorithm" aria-label={t('algo.title')} tabIndex={0}>
      {/* The title, the step's sentence and its values stay at the top while the code scrolls under them. */}
      <div className="algo-head">
        <h2>
          {t('algo.title')}
          {view && (
            <span className="algo-where">
              {' '}
              <code>{view.routine}</code> {t('algo.node', { address: view.address })}
            </span>
          )}
        </h2>
        {view && (
          <p className="algo-sentence" aria-live="polite">
            {view.sentence}
          </p>
        )}
        {/* The values the current line looks at, with the sentence: in view whatever the code's scroll. */}
        {view && (view.values.length > 0 || message) && (
          <dl className="algo-values" aria-label={t('algo.values')}>
            {view.values.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>
                  <code>{value}</code>
                </dd>
              </div>
            ))}
            {message && (
              <div>
                <dt>{t('algo.message')}</dt>
                <dd>
                  <code>
                    {message.kind === 'request'
                      ? `GET ${message.request?.path ?? '/chain'} → ${message.to}`
                      : `${message.from} → ${message.to}: ${message.reply?.ok ? message.reply.response.status : '✗'}`}
                  </code>
                </dd>
              </div>
            )}
          </dl>
        )}
      </div>
      {view ? (
        <div className="algo-body">
          <ol className="code" aria-label={t('algo.code')} data-routine={view.routine}>
            {code(view.routine, rules).map((line: CodeLine) => (
              <li
                key={line.id}
                data-line={line.id}
                aria-current={line.id === view.line ? 'step' : undefined}
                style={{ paddingLeft: `${line.indent * 1.5}em` }}
              >
                <code>
                  {line.text}
                  {line.comment && (
                    <span className="code-comment">
                      {'   # '}
                      {t(`algo.comment.${line.comment.says}`, { code: line.comment.code ?? '' })}
                    </span>
                  )}
                </code>
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <p className="muted">{t('algo.idle')}</p>
      )}
    </section>
  );
}
