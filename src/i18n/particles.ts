/**
 * Korean particles after a value filled in at run time. A Korean sentence writes 이 or 가, 을 or
 * 를, 은 or 는, 과 or 와, 으로 or 로 depending on whether the word before ends in a consonant; a
 * template cannot know its value, so it writes both ("{address}이(가)") and the text is settled
 * here, by how the value's end is read aloud. Where that cannot be told (a symbol), both stay.
 */

/** How a value's last sound ends: a vowel, ㄹ (which takes 로, not 으로), another consonant. */
type Ending = 'vowel' | 'rieul' | 'consonant';

/** Digits as Korean reads a number's last one: 일, 이, 삼, 사, 오, 육, 칠, 팔, 구; 0 ends 십, 백, 천, 만 or 영. */
const DIGITS: Record<string, Ending> = {
  '0': 'consonant',
  '1': 'rieul',
  '2': 'vowel',
  '3': 'consonant',
  '4': 'vowel',
  '5': 'vowel',
  '6': 'consonant',
  '7': 'rieul',
  '8': 'rieul',
  '9': 'vowel',
};

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
/** The final consonant ㄹ in a Hangul syllable's code (see the Unicode Hangul syllable formula). */
const FINAL_RIEUL = 8;

function ending(value: string): Ending | null {
  const last = value.at(-1);
  if (last === undefined) return null;
  const code = last.charCodeAt(0);
  if (code >= HANGUL_FIRST && code <= HANGUL_LAST) {
    const final = (code - HANGUL_FIRST) % 28;
    return final === 0 ? 'vowel' : final === FINAL_RIEUL ? 'rieul' : 'consonant';
  }
  const digit = DIGITS[last];
  if (digit) return digit;
  // Latin words and hashes, read as words (…chain: 체인) or letter by letter (…f: 에프).
  const letter = last.toLowerCase();
  if (letter >= 'a' && letter <= 'z') {
    if (letter === 'l') return 'rieul';
    if (letter === 'm' || letter === 'n' || value.toLowerCase().endsWith('ng')) return 'consonant';
    return 'vowel';
  }
  return null;
}

const CHOICES: Record<string, (end: Ending) => string> = {
  '이(가)': (end) => (end === 'vowel' ? '가' : '이'),
  '을(를)': (end) => (end === 'vowel' ? '를' : '을'),
  '은(는)': (end) => (end === 'vowel' ? '는' : '은'),
  '과(와)': (end) => (end === 'vowel' ? '와' : '과'),
  '(으)로': (end) => (end === 'consonant' ? '으로' : '로'),
};

/**
 * A placeholder, a closing quote (or an ellipsis, "{zeros}…": 0000… is read as far as it is written) the
 * template may put after it, and a particle written both ways.
 */
export const PLACEHOLDER = /\{(\w+)\}([”’"」)…]?)(이\(가\)|을\(를\)|은\(는\)|과\(와\)|\(으\)로)?/g;

/** The particle written both ways ("이(가)") settled for the value before it, or left as it is. */
export function particleAfter(value: string, particle: string): string {
  const end = ending(value);
  const choose = CHOICES[particle];
  return end === null || choose === undefined ? particle : choose(end);
}
