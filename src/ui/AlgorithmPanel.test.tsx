import { describe, expect, it } from 'vitest';
import { answerMessage } from '../../test/support/sim';
import type { ResolveStep } from '../core/resolve';
import { type MessageKey, type Params, translate } from '../i18n';
import { messageSentence, stepView } from './AlgorithmPanel';

const compare = (claimedLength: number, countedLength: number, length: number, longer: boolean): ResolveStep => ({
  kind: 'compare',
  neighbour: 'localhost:5001',
  claimedLength,
  countedLength,
  length,
  maxLength: 3,
  longer,
});

const sentence = (step: ResolveStep, language: 'en' | 'ko' = 'en') =>
  stepView(step, '00', (key: MessageKey, params?: Params) => translate(language, key, params)).sentence;

describe("the Algorithm panel's sentence for a comparison", () => {
  it('says a length is a claim where the neighbour claims more than it sent (the seed rule compares the claim)', () => {
    expect(sentence(compare(100, 1, 100, true))).toBe(
      'localhost:5001 says it has 100 blocks (it sent 1), more than 3: check its chain.',
    );
    expect(sentence(compare(100, 1, 100, true), 'ko')).toBe(
      'localhost:5001은 블록이 100개라고 말합니다(보낸 것은 1개). 3개보다 많으므로 체인을 검사합니다.',
    );
    expect(sentence(compare(2, 1, 2, false))).toContain(
      'says it has 2 blocks (it sent 1), not more than max_length (3)',
    );
  });

  it('says what the chain has where the claim is true, or where the rule counts the blocks sent', () => {
    expect(sentence(compare(4, 4, 4, true))).toBe('localhost:5001 has 4 blocks, more than 3: check its chain.');
    // The hardened rule compares the blocks counted, whatever the claim.
    expect(sentence(compare(100, 1, 1, false))).toBe(
      'localhost:5001 has 1 block, not more than max_length (3), the longest so far: it is passed over.',
    );
  });
});

describe("the Algorithm panel's sentence for a message", () => {
  it('says that a node did not answer where no chain is on its way back', () => {
    const t = (key: MessageKey, params?: Params) => translate('en', key, params);
    const gate = (reply?: { ok: boolean }) => {
      const message = answerMessage(reply);
      return { kind: 'send', ref: message.ref, address: message.from, message } as const;
    };
    expect(messageSentence(gate({ ok: false }), t)).toBe(
      '127.0.0.1:5010 did not answer: localhost:5000 is about to hear so, and skips it.',
    );
    expect(messageSentence(gate(), t)).toBe('127.0.0.1:5010 is about to send a message to localhost:5000.');
  });
});
