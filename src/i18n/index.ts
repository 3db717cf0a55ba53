import { en, type MessageKey } from './en';
import { ko } from './ko';
import { PLACEHOLDER, particleAfter } from './particles';

export type { MessageKey };
export type Language = 'en' | 'ko';
export const LANGUAGES: readonly { readonly code: Language; readonly name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'ko', name: '한국어' },
];

const dictionaries: Record<Language, Record<MessageKey, string>> = { en, ko };

export type Params = Readonly<Record<string, string | number>>;

/** Numbers as each language writes them (one formatter each: toLocaleString makes a new one per call). */
const NUMBERS: Record<Language, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en-US'),
  ko: new Intl.NumberFormat('ko-KR'),
};

/** Which form a count takes in each language: English 'one' for 1, 'other' otherwise; Korean always 'other'. */
const PLURALS: Record<Language, Intl.PluralRules> = {
  en: new Intl.PluralRules('en-US'),
  ko: new Intl.PluralRules('ko-KR'),
};

/**
 * A word chosen by the count in a placeholder: "{count} {count:block|blocks}" reads "1 block", "2 blocks".
 * It writes only the word (the count is written by its own {count}), singular first, then plural.
 */
export const PLURAL = /\{(\w+):([^{}|]*)\|([^{}|]*)\}/g;

/** The singular or the plural for a count (a number, or a string of digits; anything else takes the plural). */
function pluralFor(language: Language, value: string | number, one: string, other: string): string {
  const count = typeof value === 'number' ? value : Number(value);
  return !Number.isNaN(count) && PLURALS[language].select(count) === 'one' ? one : other;
}

/**
 * The text for a key in a language, with {name} placeholders filled in (and Korean particles after them
 * settled), and {name:singular|plural} words chosen by the count in name.
 */
export function translate(language: Language, key: MessageKey, params: Params = {}): string {
  const template = dictionaries[language][key];
  if (!template.includes('{')) return template;
  return template
    .replace(PLURAL, (whole, name: string, one: string, other: string) => {
      const value = params[name];
      return value === undefined ? whole : pluralFor(language, value, one, other);
    })
    .replace(PLACEHOLDER, (whole, name: string, quote: string, particle: string | undefined) => {
      const value = params[name];
      if (value === undefined) return whole;
      const text = typeof value === 'number' ? NUMBERS[language].format(value) : value;
      return particle === undefined ? text + quote : text + quote + particleAfter(text, particle);
    });
}
