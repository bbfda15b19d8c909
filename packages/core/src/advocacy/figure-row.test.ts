import { describe, expect, it } from 'vitest';
import { checkFigureHeader, checkFigureRow } from './figure-row.js';

const good = {
  country: 'ua',
  year: '2024',
  measure: 'pwid',
  value: '350000',
  source: 'HRI GSHR 2024',
  lower: '310000',
  upper: '390000',
};

function rule(raw: Record<string, string>, field: string) {
  const r = checkFigureRow(raw, 2026, 7);
  expect(r.ok).toBe(false);
  const issue = r.ok ? undefined : r.issues.find((i) => i.field === field);
  expect(issue, `an issue on ${field}`).toBeDefined();
  expect(issue?.row).toBe(7);
  return issue?.rule;
}

describe('a country figure row (docs/advocacy.md §1)', () => {
  it('keeps a good row, upper-casing the country and writing numbers one way', () => {
    const r = checkFigureRow({ ...good, value: '350000', lower: '310000.0' }, 2026);
    expect(r).toMatchObject({
      ok: true,
      figure: { country: 'UA', year: 2024, value: '350000', lower: '310000', unit: null },
    });
    const m = checkFigureRow(
      {
        country: 'UA',
        year: '2024',
        measure: 'funding.domestic',
        value: '1250.50',
        unit: 'uah',
        source: 'x',
      },
      2026,
    );
    expect(m).toMatchObject({ ok: true, figure: { value: '1250.5', unit: 'UAH' } });
    const w = checkFigureRow(
      { country: 'UA', year: '2024', measure: 'policy.drug_use', value: 'Criminal', source: 'x' },
      2026,
    );
    expect(w).toMatchObject({ ok: true, figure: { value: 'criminal' } });
  });

  it('names each kind of bad value the issue lists', () => {
    expect(rule({ ...good, measure: 'pwids' }, 'measure')).toBe('measure');
    expect(rule({ ...good, country: 'XX' }, 'country')).toBe('iso3166');
    expect(rule({ ...good, country: 'UKR' }, 'country')).toBe('iso3166');
    expect(rule({ ...good, measure: 'funding.domestic', value: '100', unit: 'UAX' }, 'unit')).toBe('iso4217');
    expect(
      rule({ ...good, measure: 'hiv.prevalence.pwid', value: '101', lower: '', upper: '' }, 'value'),
    ).toBe('percent');
    expect(rule({ ...good, value: 'many' }, 'value')).toBe('whole_number');
    expect(rule({ ...good, value: '350,000' }, 'value')).toBe('whole_number');
    expect(rule({ ...good, measure: 'funding.domestic', value: '100', lower: '', upper: '' }, 'unit')).toBe(
      'required',
    );
    expect(rule({ ...good, measure: 'fx.usd', value: '0', unit: 'UAH', lower: '', upper: '' }, 'value')).toBe(
      'rate',
    );
    expect(rule({ ...good, year: '2027' }, 'year')).toBe('future');
    expect(rule({ ...good, year: 'last year' }, 'year')).toBe('year');
    expect(rule({ ...good, source: '  ' }, 'source')).toBe('required');
    expect(rule({ ...good, measure: 'nsp.available', value: 'maybe', lower: '', upper: '' }, 'value')).toBe(
      'enum',
    );
    expect(rule({ ...good, unit: 'USD' }, 'unit')).toBe('no_unit');
    expect(rule({ ...good, lower: '400000' }, 'lower')).toBe('bounds');
    expect(rule({ ...good, url: 'javascript:alert(1)' }, 'url')).toBe('url');
    expect(rule({ ...good, as_of: 'June' }, 'as_of')).toBe('format');
    expect(rule({ ...good, notes: 'a\u0000b' }, 'notes')).toBe('control_character');
    expect(rule({ ...good, value: '1099511627776', lower: '', upper: '' }, 'value')).toBe('max');
  });

  it('accepts a custom measure as a number, money or a word', () => {
    expect(
      checkFigureRow({ ...good, measure: 'custom.mobile_vans', value: '4', lower: '', upper: '' }, 2026).ok,
    ).toBe(true);
    expect(checkFigureRow({ ...good, measure: 'custom.Bad Name', value: '4' }, 2026).ok).toBe(false);
  });

  it('refuses a header without a required column or with an unknown one', () => {
    expect(checkFigureHeader(['country', 'year', 'measure', 'value', 'source'])).toEqual([]);
    const issues = checkFigureHeader(['country', 'year', 'measure', 'value', 'sorce']);
    expect(issues.map((i) => i.rule).sort()).toEqual(['missing_column', 'unknown_column']);
  });
});
