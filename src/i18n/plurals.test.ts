import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from './en';
import { translate } from './index';
import { ko } from './ko';

describe('English words chosen by a count', () => {
  it('writes the singular for 1 and the plural otherwise', () => {
    const remined = (count: number) => translate('en', 'msg.remined', { index: 2, rewritten: count, searched: count });
    expect(remined(1)).toBe('Mined again from block 2: 1 block rewritten, 1 proof searched for.');
    expect(remined(2)).toBe('Mined again from block 2: 2 blocks rewritten, 2 proofs searched for.');
    expect(remined(0)).toBe('Mined again from block 2: 0 blocks rewritten, 0 proofs searched for.');
    expect(remined(1234)).toBe('Mined again from block 2: 1,234 blocks rewritten, 1,234 proofs searched for.');
  });

  it.each<[MessageKey, Record<string, string | number>, string]>([
    ['msg.reminedNoSearch', { index: 2, rewritten: 1 }, '1 block relinked'],
    ['lab.hidden', { count: 1 }, '1 block kept back'],
    ['msg.published', { count: 1, length: 3 }, 'Released 1 block kept private'],
    ['links.cutCount', { count: 1 }, '1 link cut'],
    ['tl.links', { cut: 1, offline: 1, loss: 0 }, 'links: 1 cut, 1 node offline, 0% of messages lost'],
    ['node.mining', { tried: 1, rate: 1 }, 'Mining: 1 guess tried, 1 guess per second'],
    ['node.miningStepped', { tried: 1 }, 'Mining: 1 guess tried'],
    ['node.factsLine', { neighbours: 1, pending: 1 }, '1 neighbour · 1 pending'],
    ['register.refused', { count: 1 }, '1 URL cannot be used.'],
    ['settings.difficultyOption', { n: 1 }, '1 leading zero'],
    ['settings.difficultyCost', { n: 1, guesses: 16 }, '1 leading zero: 16 guesses a block'],
    ['chain.transactionsCount', { count: 1 }, '1 transaction'],
    ['chain.leftMore', { count: 1 }, 'and 1 more replaced block'],
    ['msg.chain', { length: 1 }, 'The chain has 1 block.'],
    ['explain.begin', { max: 1 }, 'must beat 1 block.'],
    [
      'explain.notLonger',
      { neighbour: 'localhost:5001', length: 1, max: 1 },
      'has 1 block, not more than max_length (1)',
    ],
    ['run.importing', { done: 0, total: 1 }, '0 of 1 step replayed'],
    ['run.imported', { entries: 1 }, '1 step replayed.'],
    ['map.answersBlocks', { from: 'localhost:5000', to: 'localhost:5001', count: 1 }, ': 1 block'],
    ['tree.count', { heights: 1 }, '1 height'],
    ['next.register', { address: 'localhost:5000', count: 1 }, 'registers 1 node'],
    ['paste.valid', { length: 1 }, '(1 block)'],
    ['real.facts', { length: 1 }, '1 block ·'],
    ['lab.problem.proof', { index: 2, proof: '12343', zeros: 1 }, 'gives 1 leading zero'],
    ['msg.searched', { proof: 0, guesses: 1 }, 'after 1 guess;'],
    ['next.power', { address: 'localhost:5000', guesses: 1 }, '1 guess/s'],
    [
      'saved.meta',
      { nodes: 1, blocks: '1', time: 'now' },
      '1 node · longest chain 1 block past the genesis · saved now',
    ],
    ['step.speedOption', { n: 1 }, '1 step/s'],
  ])('%s with a count of 1 reads %j', (key, params, text) => {
    expect(translate('en', key, params)).toContain(text);
  });

  it('leaves Korean, which has no plural, as it was', () => {
    expect(translate('ko', 'msg.remined', { index: 2, rewritten: 1, searched: 1 })).toBe(
      '블록 2부터 다시 채굴했습니다: 블록 1개를 다시 쓰고 증명 1개를 찾았습니다.',
    );
  });

  it('names in every English and Korean template the same values, and a counted word only after its count', () => {
    const names = (template: string) =>
      [...new Set([...template.matchAll(/\{(\w+)(?::[^{}|]*\|[^{}|]*)?\}/g)].map((match) => match[1]))].sort();
    for (const key of Object.keys(en) as MessageKey[]) {
      expect([key, names(ko[key])]).toEqual([key, names(en[key])]);
      for (const [, name] of en[key].matchAll(/\{(\w+):[^{}|]*\|[^{}|]*\}/g)) {
        expect([key, en[key].includes(`{${name}}`)]).toEqual([key, true]);
      }
    }
  });
});
