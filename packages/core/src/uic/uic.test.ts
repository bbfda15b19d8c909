import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUic, normaliseUic, parseUic } from './normalise.js';
import { buildUic, partialKeys, schemeQuestions, splitUic, UIC_PRESETS } from './schemes.js';

describe('normalisation (docs/uic.md)', () => {
  it('applies NFKC, upper case, and drops spaces, hyphens and dots', () => {
    expect(normaliseUic(' pu-m.31 81 ')).toBe('PUM3181');
    expect(normaliseUic('ＰＵＭ３１８１')).toBe('PUM3181'); // full-width forms fold under NFKC
    expect(normaliseUic('ив-ан 85')).toBe('ИВАН85'); // Cyrillic kept, never transliterated
    expect(normaliseUic('ИВАН85')).not.toBe(normaliseUic('IBAH85'));
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(normaliseUic(normaliseUic(s))).toBe(normaliseUic(s));
      }),
    );
  });

  it('parses a suffix and refuses codes with other characters, without echoing the code', () => {
    expect(parseUic('pum3181/2')).toEqual({ ok: true, uic: { base: 'PUM3181', suffix: 2 } });
    expect(parseUic('PUM3181')).toEqual({ ok: true, uic: { base: 'PUM3181', suffix: 0 } });
    const bad = parseUic('=HYPERLINK("x")');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issue.message).not.toContain('HYPERLINK');
    expect(parseUic('').ok).toBe(false);
    expect(parseUic('AB').ok).toBe(false);
    expect(parseUic('PUM3181/1').ok).toBe(false);
    expect(formatUic({ base: 'PUM3181', suffix: 2 })).toBe('PUM3181/2');
  });
});

describe('schemes', () => {
  it('builds the PASMO example PUM3181', () => {
    const r = buildUic(UIC_PRESETS.pasmo, { surname: 'Pumarejo', sex: 'male', birthDate: '1981-05-31' });
    expect(r).toEqual({ ok: true, code: 'PUM3181', parts: ['PU', 'M', '31', '81'] });
  });

  it('builds SLK-581 with 2 for a missing letter and 9 for an unknown name', () => {
    expect(
      buildUic(UIC_PRESETS.slk581, {
        surname: 'Smith',
        givenName: 'Jo',
        sex: 'female',
        birthDate: '1990-02-07',
      }),
    ).toMatchObject({ code: 'MIHO207021990' + '2' });
    expect(
      buildUic(UIC_PRESETS.slk581, {
        surname: 'Lee',
        givenName: 'Ann',
        sex: 'male',
        birthDate: '1985-12-25',
      }),
    ).toMatchObject({ code: 'EE2NN251219851' });
    expect(
      buildUic(UIC_PRESETS.slk581, {
        surname: '',
        givenName: 'Ann',
        sex: 'unknown',
        birthDate: '1985-12-25',
      }),
    ).toMatchObject({ code: '999NN251219859' });
  });

  it('builds parents-initials from Cyrillic names', () => {
    expect(
      buildUic(UIC_PRESETS['parents-initials'], {
        motherName: 'Мария',
        fatherName: 'Олег',
        sex: 'trans_woman',
        birthDate: '1992-01-01',
      }),
    ).toMatchObject({ code: 'МАОЛT92' });
  });

  it('names each missing answer', () => {
    const r = buildUic(UIC_PRESETS.pasmo, { sex: null });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.field).sort()).toEqual(['birthDate', 'sex', 'surname']);
    expect(schemeQuestions(UIC_PRESETS.slk581)).toEqual(['surname', 'givenName', 'birthDate', 'sex']);
  });

  it('splits a typed code by part widths, and gives partial keys that meet when one character differs', () => {
    expect(splitUic(UIC_PRESETS.pasmo, 'PUM3181')).toEqual(['PU', 'M', '31', '81']);
    expect(splitUic(UIC_PRESETS.pasmo, 'PUM318')).toBeNull();
    const a = partialKeys('PUM3181');
    expect(a.filter((k) => partialKeys('PUF3181').includes(k))).toEqual(['7:2:PU*3181']);
    expect(a.filter((k) => partialKeys('PAM3181').includes(k))).toEqual(['7:1:P*M3181']);
    expect(a.filter((k) => partialKeys('PAF3181').includes(k))).toEqual([]);
    expect(a.filter((k) => partialKeys('PUM31811').includes(k))).toEqual([]);
  });
});
