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

/** The text for a key in a language, with {name} placeholders filled in (and Korean particles after them settled). */
export function translate(language: Language, key: MessageKey, params: Params = {}): string {
  const template = dictionaries[language][key];
  if (!template.includes('{')) return template;
  return template.replace(PLACEHOLDER, (whole, name: string, quote: string, particle: string | undefined) => {
    const value = params[name];
    if (value === undefined) return whole;
    const text = typeof value === 'number' ? NUMBERS[language].format(value) : value;
    return particle === undefined ? text + quote : text + quote + particleAfter(text, particle);
  });
}
