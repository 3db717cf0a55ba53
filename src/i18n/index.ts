import { en, type MessageKey } from './en';
import { ko } from './ko';

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

/** The text for a key in a language, with {name} placeholders filled in. */
export function translate(language: Language, key: MessageKey, params: Params = {}): string {
  const template = dictionaries[language][key];
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? NUMBERS[language].format(value) : value;
  });
}
