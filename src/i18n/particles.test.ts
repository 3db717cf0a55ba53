import { describe, expect, it } from 'vitest';
import { translate } from './index';
import { particleAfter } from './particles';

describe('Korean particles after a value', () => {
  it('settles each pair by how the value ends when read aloud', () => {
    // localhost:5000 (오천), :5001 (오천일), :5002 (오천이), :5004 (오천사), :5007 (칠)
    expect(particleAfter('localhost:5000', '이(가)')).toBe('이');
    expect(particleAfter('localhost:5002', '이(가)')).toBe('가');
    expect(particleAfter('localhost:5004', '을(를)')).toBe('를');
    expect(particleAfter('localhost:5001', '(으)로')).toBe('로');
    expect(particleAfter('localhost:5000', '(으)로')).toBe('으로');
    expect(particleAfter('localhost:5007', '은(는)')).toBe('은');
    // Hangul: 노드 ends in a vowel, 블록 in ㄱ, 규칙 in ㄱ, 파일 in ㄹ.
    expect(particleAfter('노드', '이(가)')).toBe('가');
    expect(particleAfter('블록', '을(를)')).toBe('을');
    expect(particleAfter('파일', '(으)로')).toBe('로');
    expect(particleAfter('규칙', '(으)로')).toBe('으로');
    // Latin words and hashes: chain (체인), seed (시드), hashes letter by letter (…f: 에프).
    expect(particleAfter('chain', '은(는)')).toBe('은');
    expect(particleAfter('seed', '은(는)')).toBe('는');
    expect(particleAfter('c2f1f8df', '이(가)')).toBe('가');
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
