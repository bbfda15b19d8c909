/** How the advocacy pages show figures: names in the user's language, money in US dollars, levels as words. */

import { MONEY_DERIVED } from '@harbour/core';
import type { Translate } from '../../i18n/i18n.js';

export function countryName(locale: string, code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function measureLabel(t: Translate, measure: string): string {
  const key = `advocacy.m.${measure}`;
  const text = t(key);
  return text === key ? measure : text;
}

const PERCENT = new Set(['ost.coverage', 'funding.share_of_need']);
const WORDS = new Set([
  'low',
  'medium',
  'high',
  'yes',
  'no',
  'all',
  'some',
  'none',
  'criminal',
  'administrative',
  'decriminalised',
]);

/** A value as a person reads it: a percentage, US dollars, a level, or a number. */
export function showValue(
  t: Translate,
  locale: string,
  measure: string,
  value: number | string | null | undefined,
  unit?: string | null,
): string {
  if (value === null || value === undefined) return t('advocacy.noValue');
  if (typeof value === 'string') return WORDS.has(value) ? t(`advocacy.word.${value}`) : value;
  if (PERCENT.has(measure))
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value * 100)}%`;
  if (measure.includes('prevalence'))
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)}%`;
  if (measure === 'fx.usd' && unit)
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(value)} ${unit} = 1 USD`;
  if (unit)
    try {
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency: unit,
        maximumFractionDigits: 0,
      }).format(value);
    } catch {
      return `${new Intl.NumberFormat(locale).format(value)} ${unit}`;
    }
  if (MONEY_DERIVED.has(measure as never))
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: 'USD',
      maximumFractionDigits: 0,
    }).format(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: Math.abs(value) < 10 ? 2 : 1 }).format(value);
}
