import { canonicalJson } from '../core/json/canonical';
import type { Json } from '../core/json/value';
import type { Language } from '../i18n';

/** A value for people: strings as typed (Korean stays Korean), everything else as the canonical JSON. */
export function showJson(value: Json | undefined): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return `"${value}"`;
  return canonicalJson(value);
}

const compactFormats = new Map<Language, Intl.NumberFormat>();

/** A large count the way a person reads it at a glance: 9.7M, 1.2K in English; 970만 in Korean. */
export function compact(value: number, language: Language): string {
  let format = compactFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language === 'ko' ? 'ko-KR' : 'en-US', {
      notation: 'compact',
      maximumFractionDigits: 1,
    });
    compactFormats.set(language, format);
  }
  return format.format(value);
}
