import { RULES, type Rule } from '@harbour/core';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import ar from '../i18n/ar.json';
import en from '../i18n/en.json';
import type { Translate } from '../i18n/i18n.js';
import ru from '../i18n/ru.json';
import { localiseField } from './errors.js';

/** The provider's lookup without React: the locale's message, else the key itself. */
function translator(locale: string, catalogue: Record<string, string>): Translate {
  return (id, values) =>
    id in catalogue ? String(new IntlMessageFormat(catalogue[id]!, locale).format(values as never)) : id;
}

const SERVER_WORDS = 'Allowed: methadone, buprenorphine';

const COMPLETE: Record<string, Record<string, string>> = { en, ru, ar };

describe('server errors in the user’s language', () => {
  for (const [locale, catalogue] of Object.entries(COMPLETE)) {
    it(`${locale} says every rule the server may name in a sentence of its own`, () => {
      const t = translator(locale, catalogue);
      for (const rule of RULES) {
        const text = localiseField(t, { field: 'medicine', value: 'x', rule, message: SERVER_WORDS });
        expect(text, rule).not.toBe(`errors.${rule}`);
        expect(text, rule).not.toMatch(/[{}]/);
        // A sentence of the locale's own, not the server's English passed through.
        expect(text, rule).not.toBe(SERVER_WORDS);
      }
    });
  }

  it('fills in the server’s detail where the sentence needs it', () => {
    const t = translator('ru', ru);
    expect(localiseField(t, { field: 'medicine', rule: 'enum', message: SERVER_WORDS })).toBe(
      `Недопустимое значение: ${SERVER_WORDS}`,
    );
  });

  it('keeps the server’s English for a rule this console does not know yet (a newer server)', () => {
    const t = translator('ru', ru);
    const newer = { field: 'x', rule: 'from_a_newer_server' as Rule, message: 'The server’s words' };
    expect(localiseField(t, newer)).toBe('The server’s words');
  });
});
