import { describe, expect, it } from 'vitest';
import { translate } from './index';
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
