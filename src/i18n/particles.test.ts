import { describe, expect, it } from 'vitest';
import { translate } from './index';
import { ko as koDictionary } from './ko';
import { particleAfter } from './particles';

describe('Korean particles after a value', () => {
  // localhost:5000 (오천), :5001 (오천일), :5002 (오천이), :5004 (오천사), :5007 (칠); Hangul: 노드 ends
  // in a vowel, 블록 and 규칙 in ㄱ, 파일 in ㄹ; Latin words and hashes: chain (체인), seed (시드),
  // hashes letter by letter (…f: 에프).
  it.each([
    ['localhost:5000', '이(가)', '이'],
    ['localhost:5002', '이(가)', '가'],
    ['localhost:5004', '을(를)', '를'],
    ['localhost:5001', '(으)로', '로'],
    ['localhost:5000', '(으)로', '으로'],
    ['localhost:5007', '은(는)', '은'],
    ['노드', '이(가)', '가'],
    ['블록', '을(를)', '을'],
    ['파일', '(으)로', '로'],
    ['규칙', '(으)로', '으로'],
    ['chain', '은(는)', '은'],
    ['seed', '은(는)', '는'],
    ['c2f1f8df', '이(가)', '가'],
  ])('settles %s + %s as %s, by how the value ends when read aloud', (value, particle, settled) => {
    expect(particleAfter(value, particle)).toBe(settled);
  });

  it('leaves both ways where the end cannot be told', () => {
    expect(particleAfter('…', '이(가)')).toBe('이(가)');
    expect(particleAfter('', '을(를)')).toBe('을(를)');
  });

  it('is settled where the page fills in a Korean template, numbers and quoted values too', () => {
    const text = translate('ko', 'tl.sentRequest', { from: 'localhost:5002', to: 'localhost:5000' });
    expect(text).toContain('localhost:5002가');
    expect(text).not.toContain('(가)');
    expect(translate('ko', 'register.portNumber', { url: 'http://x:y', port: 'y' })).toContain('“y”는');
    // English is untouched.
    expect(translate('en', 'tl.sentRequest', { from: 'localhost:5002', to: 'localhost:5000' })).not.toContain('가');
  });
});

describe('Korean messages with a particle after an address or a number', () => {
  const ko = (key: Parameters<typeof translate>[1], params: Parameters<typeof translate>[2]) =>
    translate('ko', key, params);

  it('settles 이/가 after the node that acts (it was written 가 after every address)', () => {
    expect(ko('tl.remined', { address: 'localhost:5001', index: '2' })).toContain('localhost:5001이 블록 2부터');
    expect(ko('tl.remined', { address: 'localhost:5002', index: '2' })).toContain('localhost:5002가 블록 2부터');
    const keys = [
      'next.remine',
      'next.behaviour.honest',
      'next.behaviour.lies',
      'next.behaviour.offline',
      'next.behaviour.forged',
      'next.behaviour.private',
      'next.publish',
      'next.search',
      'next.forge',
    ] as const;
    for (const key of keys) {
      expect(ko(key, { address: 'localhost:5000', index: 2 })).toContain('localhost:5000이 ');
      expect(ko(key, { address: 'localhost:5001', index: 2 })).toContain('localhost:5001이 ');
      expect(ko(key, { address: 'localhost:5002', index: 2 })).toContain('localhost:5002가 ');
    }
    expect(ko('next.realJoined', { host: 'localhost:5010' })).toContain('localhost:5010이 페이지에');
    expect(ko('next.realLeft', { host: 'localhost:5002' })).toContain('localhost:5002가 페이지에서');
  });

  it('settles (으)로 after the node a lost message was going to (it was written 로)', () => {
    for (const why of ['offline', 'cut', 'loss'] as const) {
      const to = (address: string) => ko(`tl.lost.${why}`, { from: 'localhost:5001', to: address });
      expect(to('localhost:5000')).toContain('localhost:5001에서 localhost:5000으로 가는');
      expect(to('localhost:5001')).toContain('localhost:5001로 가는');
      expect(to('localhost:5002')).toContain('localhost:5002로 가는');
      expect(to('localhost:5003')).toContain('localhost:5003으로 가는');
    }
  });

  it('settles the particle after a proof, ㄹ-final numbers taking 로', () => {
    const proof = (value: string) => ko('lab.problem.proof', { index: 2, proof: value, zeros: 4 });
    expect(proof('12343')).toContain('증명 12343으로는');
    expect(proof('100')).toContain('증명 100으로는');
    expect(proof('35291')).toContain('증명 35291로는');
    expect(proof('2')).toContain('증명 2로는');
    expect(proof('7')).toContain('증명 7로는');
    const searched = (value: number) => ko('msg.searched', { proof: value, guesses: 10 });
    expect(searched(35293)).toContain('증명 35,293을 찾았습니다');
    expect(searched(10)).toContain('증명 10을 찾았습니다');
    expect(searched(2)).toContain('증명 2를 찾았습니다');
  });

  it('settles 과/와 after the first end of a link (it was written 와)', () => {
    expect(ko('next.cut', { a: 'localhost:5001', b: 'localhost:5002' })).toContain(
      'localhost:5001과 localhost:5002 사이',
    );
    expect(ko('next.mend', { a: 'localhost:5000', b: 'localhost:5002' })).toContain(
      'localhost:5000과 localhost:5002 사이',
    );
    expect(ko('next.cut', { a: 'localhost:5002', b: 'localhost:5000' })).toContain(
      'localhost:5002와 localhost:5000 사이',
    );
  });

  it('settles a particle after an ellipsis: the hash starts with 0000… (read 영영영영)', () => {
    expect(ko('explain.proofOk', { block: '2', zeros: '0000' })).toContain('0000…으로 시작합니다');
    expect(ko('explain.guess', { proof: '5', zeros: '00' })).toContain('proof 5는 맞지 않습니다');
  });

  it('writes no particle by hand right after a placeholder: each is written both ways, to be settled', () => {
    // After a closing parenthesis the particle follows the word before the parenthesis ("ChainScope(… {version})로"),
    // so that one is not counted.
    const byHand = /\{\w+\}[”’"」…]?(?:이|가|을|를|은|는|과|와|으로|로)(?!\()/;
    const wrong = Object.entries(koDictionary).filter(([, template]) => byHand.test(template));
    expect(wrong).toEqual([]);
  });

  it('leaves no particle written both ways when every value ends in a digit', () => {
    const unsettled = (Object.keys(koDictionary) as (keyof typeof koDictionary)[])
      .map((key) => {
        const names = [...koDictionary[key].matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
        return { key, text: translate('ko', key, Object.fromEntries(names.map((name) => [name, 'localhost:5001']))) };
      })
      .filter(({ text }) => /이\(가\)|을\(를\)|은\(는\)|과\(와\)|\(으\)로/.test(text));
    expect(unsettled).toEqual([]);
  });
});
