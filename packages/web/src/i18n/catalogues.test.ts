import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AUDIT_ACTIONS,
  DIMENSION_VALUE_NAMES,
  INDICATOR_NAMES,
  INDICATORS,
  PERMISSIONS,
} from '@harbour/core';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import ar from './ar.json';
import en from './en.json';
import { isApplyKey, isFieldKey } from './field-keys.js';
import fr from './fr.json';
import hi from './hi.json';
import id from './id.json';
import ru from './ru.json';

const source = en as Record<string, string>;
const complete: Record<string, Record<string, string>> = { ru, ar };
const partial: Record<string, Record<string, string>> = { fr, hi, id };

describe('message catalogues', () => {
  for (const [locale, cat] of Object.entries({ en: source, ...complete, ...partial })) {
    it(`${locale}: every message parses as ICU and uses only the source's arguments`, () => {
      for (const [key, msg] of Object.entries(cat)) {
        expect(() => new IntlMessageFormat(msg, locale), `${locale} ${key}`).not.toThrow();
        const args = (m: string) => new Set([...m.matchAll(/\{(\w+)/g)].map((x) => x[1]));
        for (const a of args(msg))
          expect(args(source[key] ?? ''), `${locale} ${key} uses {${a}}`).toContain(a);
      }
    });
  }

  for (const [locale, cat] of Object.entries(complete)) {
    it(`${locale} has every key of the English source and no others`, () => {
      expect(Object.keys(cat).sort()).toEqual(Object.keys(source).sort());
    });
  }

  for (const [locale, cat] of Object.entries(partial)) {
    it(`${locale} has no keys the source lacks`, () => {
      expect(Object.keys(cat).filter((k) => !(k in source))).toEqual([]);
    });
  }

  // The field app is for people who may read no English at all: every string it shows is translated.
  for (const [locale, cat] of Object.entries({ ...complete, ...partial })) {
    it(`${locale} translates every string of the field app`, () => {
      const needed = Object.keys(source).filter(isFieldKey);
      expect(needed.filter((k) => !(k in cat))).toEqual([]);
    });
  }

  // A call's public page is for groups who may read no English: it speaks every language Harbour has.
  for (const [locale, cat] of Object.entries({ ...complete, ...partial })) {
    it(`${locale} translates every string of a call's public page`, () => {
      const needed = Object.keys(source).filter(isApplyKey);
      expect(needed.length).toBeGreaterThan(40);
      expect(needed.filter((k) => !(k in cat))).toEqual([]);
    });
  }

  it('names every permission (the roles page) and every audit action the server writes, in words', () => {
    expect(PERMISSIONS.filter((p) => !(`permission.${p}` in source))).toEqual([]);
    // The server can write no action outside core's list (its type says so): each needs its words.
    expect(AUDIT_ACTIONS.length).toBeGreaterThan(100);
    const unnamed = AUDIT_ACTIONS.filter((a) => {
      const [entity, verb] = a.split('.');
      return (
        !entity!.startsWith('demo') &&
        (!(`auditEntity.${entity}` in source) || !(`auditVerb.${verb}` in source))
      );
    });
    expect(unnamed).toEqual([]);
  });

  // `t` takes any string (keys are also built, e.g. `errors.${rule}`), so a mistyped literal key would
  // show the key itself on screen: every literal one the console and field app ask for is in the source.
  it('has every key the source code asks for by name', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const asked = new Set<string>();
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!/\.tsx?$/.test(file) || /\.test\.tsx?$/.test(file)) continue;
      for (const m of readFileSync(join(root, file), 'utf8').matchAll(/\bt\('([^']+)'/g)) asked.add(m[1]!);
    }
    expect(asked.size).toBeGreaterThan(1000);
    expect([...asked].filter((k) => !(k in source))).toEqual([]);
  });
});

describe('the English names files carry (XLSX, PDF)', () => {
  it('are the console English catalogue’s words', () => {
    for (const [id, name] of Object.entries(INDICATOR_NAMES))
      expect(source[`indicator.${id}`], id).toBe(name);
    for (const [dim, names] of Object.entries(DIMENSION_VALUE_NAMES))
      for (const [value, name] of Object.entries(names))
        expect(source[dim === 'age' ? 'reports.ageUnknown' : `${dim}.${value}`], `${dim} ${value}`).toBe(
          name,
        );
    for (const def of INDICATORS) expect(INDICATOR_NAMES[def.id], def.id).toBeDefined();
  });
});
