import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvQuoteNotClosed, CsvRecords, CsvRecordTooLong } from './csv-records.js';

/** Reads text given in the chunks a file stream would deliver. */
function read(chunks: string[], delimiter = ','): string[][] {
  const r = new CsvRecords(delimiter);
  const out: string[][] = [];
  for (const c of chunks) out.push(...r.push(c));
  out.push(...r.end());
  return out;
}

/** The same text cut at the given positions (never inside a character, as a UTF-8 decoder never does). */
function cut(text: string, at: number[]): string[] {
  const whole = (p: number) => (/[\uDC00-\uDFFF]/.test(text[p] ?? '') ? p + 1 : p);
  const points = [...new Set(at.map((a) => whole(a % (text.length + 1))))].sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const p of points) {
    parts.push(text.slice(from, p));
    from = p;
  }
  parts.push(text.slice(from));
  return parts;
}

describe('CSV records', () => {
  it('reads fields, quoted fields with delimiters, line breaks and doubled quotes, and every line ending', () => {
    expect(read(['a,b\n1,2\n'])).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(read(['"x, y","line\nbreak","say ""hi""",\r\nlast'])).toEqual([
      ['x, y', 'line\nbreak', 'say "hi"', ''],
      ['last'],
    ]);
    expect(read(['a\rb\r\nc\n'])).toEqual([['a'], ['b'], ['c']]);
    expect(read(['a;b,c\n'], ';')).toEqual([['a', 'b,c']]);
  });

  it('drops a byte order mark and skips empty lines, but keeps a line of empty fields', () => {
    expect(read(['\uFEFFcontact_date,site\n\n\r\n', ',\n'])).toEqual([
      ['contact_date', 'site'],
      ['', ''],
    ]);
  });

  it('keeps stray quotes as written', () => {
    expect(read(['a"b,"ab"c,"a" ,x\n'])).toEqual([['a"b', '"ab"c', '"a" ', 'x']]);
  });

  it('reads the same records however the text is cut into chunks', () => {
    const text = '\uFEFFa,"b""c",d\r\n"e\r\nf","",g\r\n\r\nh,i,"j"""\r\n';
    const whole = read([text]);
    for (let i = 0; i <= text.length; i++)
      for (let j = i; j <= text.length; j++) expect(read(cut(text, [i, j]))).toEqual(whole);
  });

  it('refuses a quoted field that is never closed and a record longer than the limit', () => {
    expect(() => read(['a,"b\nc,d\n'])).toThrow(CsvQuoteNotClosed);
    const r = new CsvRecords(',', 100);
    expect(() => r.push('x'.repeat(101))).toThrow(CsvRecordTooLong);
    expect(() => new CsvRecords(',', 100).push(`${'y,'.repeat(60)}\n`)).toThrow(CsvRecordTooLong);
  });

  it('reads well-formed CSV exactly as the csv-parse library does', () => {
    const plain = fc.stringMatching(/^[a-z0-9 ;.\-é€😀]{0,8}$/u);
    const quoted = fc.stringMatching(/^[a-z,;"\n\r é]{0,8}$/).map((s) => `"${s.replaceAll('"', '""')}"`);
    const inner = fc.stringMatching(/^[a-z]{1,4}"[a-z"]{0,4}$/); // a quote inside an unquoted field
    const field = fc.oneof(plain, quoted, inner);
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom(',', ';'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 4 }),
        (rows, eol, delimiter, bom, at) => {
          const text = (bom ? '\uFEFF' : '') + rows.map((r) => r.join(delimiter)).join(eol) + eol;
          const expected = parse(text, {
            delimiter,
            bom: true,
            relax_column_count: true,
            relax_quotes: true,
            skip_empty_lines: true,
          });
          expect(read(cut(text, at), delimiter)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
