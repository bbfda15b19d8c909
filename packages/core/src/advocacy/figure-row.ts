/**
 * One country figure as typed or imported (docs/advocacy.md §1), checked: every problem names the
 * column, the value and what is allowed, so a row can be fixed without reading the docs.
 */

import currencyCodes from 'currency-codes';
import countries from 'i18n-iso-countries';
import { type FieldIssue, showValue } from '../problems.js';
import type { Rule } from '../rules.js';
import { controlCharacterIssue, MAX_INT } from '../safe-input.js';
import { measureSpec } from './measures.js';

/** A figure as Harbour keeps it. Numbers stay decimal text, so sums of money are exact. */
export interface CountryFigure {
  country: string;
  year: number;
  measure: string;
  /** A decimal number as text (`350000`, `0.0245`) or one of the measure's words. */
  value: string;
  /** ISO 4217 code of a money value or of an exchange rate's currency; null otherwise. */
  unit: string | null;
  source: string;
  asOf: string | null;
  lower: string | null;
  upper: string | null;
  url: string | null;
  notes: string | null;
}

export const FIGURE_COLUMNS = [
  'country',
  'year',
  'measure',
  'value',
  'unit',
  'source',
  'as_of',
  'lower',
  'upper',
  'url',
  'notes',
] as const;
export const REQUIRED_FIGURE_COLUMNS = ['country', 'year', 'measure', 'value', 'source'] as const;

const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const AS_OF = /^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$/;

export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}

export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && currencyCodes.code(code) !== undefined;
}

/** Every ISO 3166-1 alpha-2 code, for lists and the map. */
export function countryCodes(): string[] {
  return Object.keys(countries.getAlpha2Codes());
}

/** ISO 3166-1 numeric code (the ids of Natural Earth's shapes in world-atlas) of an alpha-2 code. */
export function countryNumeric(alpha2: string): string | undefined {
  return countries.alpha2ToNumeric(alpha2);
}

/** ISO 3166-1 alpha-2 code of a numeric code (Natural Earth's shape ids), if it has one. */
export function countryFromNumeric(numeric: string): string | undefined {
  return countries.numericToAlpha2(numeric);
}

/** `1234.50` → `1234.5`: one text per number, so importing the same file twice changes nothing. */
function canonical(decimal: string): string {
  if (!decimal.includes('.')) return decimal === '-0' ? '0' : decimal;
  const t = decimal.replace(/0+$/, '').replace(/\.$/, '');
  return t === '-0' ? '0' : t;
}

function text(raw: Record<string, string | undefined>, column: string): string {
  return (raw[column] ?? '').trim();
}

/**
 * Checks one row (cells as text, by column name). `thisYear` is today's year: a figure describes a
 * year that has begun. Returns the figure or every issue in the row.
 */
export function checkFigureRow(
  raw: Record<string, string | undefined>,
  thisYear: number,
  row?: number,
): { ok: true; figure: CountryFigure } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const issue = (field: string, value: string, rule: Rule, message: string) =>
    issues.push({ field, value: showValue(value), rule, message, ...(row === undefined ? {} : { row }) });

  for (const column of FIGURE_COLUMNS) {
    const c = controlCharacterIssue(raw[column] ?? '', column);
    if (c) issues.push({ ...c, ...(row === undefined ? {} : { row }) });
  }
  if (issues.length) return { ok: false, issues };

  const country = text(raw, 'country').toUpperCase();
  if (!country)
    issue('country', '', 'required', 'Give the ISO 3166-1 alpha-2 code of the country (UA, KE, IN)');
  else if (!isCountryCode(country))
    issue(
      'country',
      text(raw, 'country'),
      'iso3166',
      'is not an ISO 3166-1 alpha-2 country code (UA, KE, IN)',
    );

  const yearText = text(raw, 'year');
  const year = Number(yearText);
  if (!/^[0-9]{4}$/.test(yearText) || year < 1950)
    issue('year', yearText, 'year', 'is not a year; write the calendar year the figure describes, e.g. 2024');
  else if (year > thisYear)
    issue('year', yearText, 'future', `is in the future; figures describe a year up to ${thisYear}`);

  const measure = text(raw, 'measure');
  const spec = measureSpec(measure);
  if (!spec)
    issue(
      'measure',
      measure,
      'measure',
      measure
        ? 'is not a known measure; see docs/advocacy.md for the list, or name your own custom.something'
        : 'Give the measure, e.g. pwid or funding.domestic',
    );

  const valueText = text(raw, 'value');
  const unitText = text(raw, 'unit').toUpperCase();
  let value = valueText;
  const isNumber = DECIMAL.test(valueText);
  if (!valueText) issue('value', '', 'required', 'Give the value');
  else if (spec) {
    switch (spec.kind) {
      case 'people':
      case 'count':
        if (/^(0|[1-9][0-9]*)$/.test(valueText) && Number(valueText) > MAX_INT)
          issue('value', valueText, 'max', `${measure} is at most ${MAX_INT}`);
        else if (!/^(0|[1-9][0-9]*)$/.test(valueText))
          issue(
            'value',
            valueText,
            'whole_number',
            `${measure} is a whole number of at least 0, e.g. 350000 (no spaces or commas)`,
          );
        break;
      case 'percent':
        if (!isNumber)
          issue(
            'value',
            valueText,
            'number',
            `${measure} is a percentage: a number from 0 to 100, e.g. 22.5`,
          );
        else if (Number(valueText) < 0 || Number(valueText) > 100)
          issue('value', valueText, 'percent', `${measure} is a percentage from 0 to 100`);
        break;
      case 'word': {
        const word = valueText.toLowerCase();
        if (!spec.words?.includes(word))
          issue('value', valueText, 'enum', `${measure} is one of: ${spec.words?.join(', ')}`);
        value = word;
        break;
      }
      case 'money':
        if (!isNumber || valueText.startsWith('-'))
          issue(
            'value',
            valueText,
            'number',
            `${measure} is an amount of money: a number of at least 0, e.g. 1250000.50`,
          );
        break;
      case 'rate':
        if (!isNumber || Number(valueText) <= 0)
          issue(
            'value',
            valueText,
            'rate',
            'fx.usd is the units of the currency per 1 US dollar: a number above 0, e.g. 41.2',
          );
        break;
      case 'custom':
        if (!isNumber && (valueText.length > 40 || !/^[\p{L}\p{N}_ .-]+$/u.test(valueText)))
          issue(
            'value',
            valueText,
            'custom_value',
            'A custom measure is a number or a short word (up to 40 letters)',
          );
        else if (!isNumber) value = valueText.toLowerCase();
        break;
    }
  }
  // Amounts beyond 10^15 are not any country's budget in any currency, and stop being exact as doubles in JSON.
  if (isNumber && Math.abs(Number(valueText)) >= 1e15)
    issue('value', valueText, 'max', 'is too large: a figure is below 1,000,000,000,000,000');
  if (isNumber && spec && spec.kind !== 'word') value = canonical(valueText);

  const moneyLike = spec?.kind === 'money' || spec?.kind === 'rate';
  if (moneyLike && !unitText)
    issue(
      'unit',
      '',
      'required',
      `${measure} is money: give its ISO 4217 currency code in unit (UAH, USD, EUR)`,
    );
  else if (unitText && !isCurrencyCode(unitText))
    issue('unit', text(raw, 'unit'), 'iso4217', 'is not an ISO 4217 currency code (UAH, USD, EUR)');
  else if (unitText && spec && !moneyLike && !(spec.kind === 'custom' && isNumber))
    issue('unit', text(raw, 'unit'), 'no_unit', `${measure} is not money; leave unit empty`);
  if (spec?.kind === 'rate' && unitText === 'USD')
    issue(
      'unit',
      unitText,
      'usd_rate',
      'fx.usd of the US dollar is 1 by definition; give the rate of another currency',
    );

  const source = text(raw, 'source');
  if (!source)
    issue(
      'source',
      '',
      'required',
      'Say who published the figure (e.g. HRI GSHR 2024, National AIDS Centre)',
    );
  else if (source.length > 200) issue('source', source, 'max_length', 'is longer than 200 characters');

  const asOf = text(raw, 'as_of');
  if (asOf && !AS_OF.test(asOf))
    issue(
      'as_of',
      asOf,
      'format',
      'is when the source published or measured it: 2024, 2024-06 or 2024-06-30',
    );

  const bounds: Record<'lower' | 'upper', string | null> = { lower: null, upper: null };
  for (const b of ['lower', 'upper'] as const) {
    const t = text(raw, b);
    if (!t) continue;
    if (!DECIMAL.test(t)) issue(b, t, 'number', `${b} is a number (a bound of the estimate), e.g. 310000`);
    else if (spec?.kind === 'word') issue(b, t, 'no_bounds', `${measure} is a word; it has no bounds`);
    else bounds[b] = canonical(t);
  }
  if (isNumber && bounds.lower !== null && Number(bounds.lower) > Number(value))
    issue('lower', bounds.lower, 'bounds', `lower is above the value ${value}`);
  if (isNumber && bounds.upper !== null && Number(bounds.upper) < Number(value))
    issue('upper', bounds.upper, 'bounds', `upper is below the value ${value}`);

  const url = text(raw, 'url');
  if (url && (!/^https?:\/\/[^\s]+$/i.test(url) || url.length > 500))
    issue('url', url, 'url', 'is a web address starting with http:// or https:// (up to 500 characters)');
  const notes = text(raw, 'notes');
  if (notes.length > 1000) issue('notes', notes, 'max_length', 'is longer than 1000 characters');

  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    figure: {
      country,
      year,
      measure,
      value,
      unit: unitText || null,
      source,
      asOf: asOf || null,
      lower: bounds.lower,
      upper: bounds.upper,
      url: url || null,
      notes: notes || null,
    },
  };
}

/** Header problems that stop a whole file: a missing required column, or a column Harbour does not know. */
export function checkFigureHeader(header: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const known = new Set<string>(FIGURE_COLUMNS);
  for (const c of REQUIRED_FIGURE_COLUMNS)
    if (!header.includes(c))
      issues.push({
        field: c,
        row: 1,
        rule: 'missing_column',
        message: `The header has no "${c}" column; it is required`,
      });
  for (const c of header)
    if (!known.has(c))
      issues.push({
        field: c,
        row: 1,
        value: showValue(c),
        rule: 'unknown_column',
        message: `"${c}" is not a column Harbour knows; the columns are ${FIGURE_COLUMNS.join(', ')}`,
      });
  return issues;
}
