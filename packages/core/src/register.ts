/**
 * The contact register, version 1 (docs/formats.md §1): one row per contact. This module turns a header
 * and a row of cells into a checked contact, or into messages naming the row, the column, the value
 * and what is allowed. The importer (streaming CSV/XLSX) and its tests share it.
 */

import {
  catalogueItem,
  HCV_RESULTS,
  HIV_RESULTS,
  REFERRAL_SERVICES,
  type ReferralService,
  TB_RESULTS,
} from './catalogue.js';
import { checkBirthYear, KEY_POPULATIONS, type KeyPopulation, SEXES, type Sex } from './client.js';
import type { ContactItem } from './contact-items.js';
import { EARLIEST_CONTACT_DATE, latestRecordedDay, parseFlexibleDate } from './dates.js';
import { MASKED, showValue } from './problems.js';
import { controlCharacterIssue } from './safe-input.js';
import { type ParsedUic, parseUic } from './uic/normalise.js';

export const REGISTER_COLUMNS = [
  'contact_id',
  'contact_date',
  'site',
  'uic',
  'sex',
  'birth_year',
  'kp',
  'worker',
  'syringes_out',
  'needles_out',
  'syringes_returned',
  'condoms_out',
  'naloxone_out',
  'naloxone_reversals',
  'iec',
  'hiv_test',
  'art_started',
  'viral_load',
  'prep',
  'hcv_test',
  'hcv_treatment_started',
  'tb_screened',
  'ost',
  'referral',
] as const;
export type RegisterColumn = (typeof REGISTER_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly RegisterColumn[] = ['contact_date', 'site', 'uic'];

/** The register's referral values (formats §1); `legal` maps to the catalogue's legal aid referral. */
const REGISTER_REFERRALS = [
  'art',
  'ost',
  'hcv',
  'tb',
  'sti',
  'srh',
  'legal',
  'shelter',
  'food',
  'psychosocial',
  'other',
] as const;

const COUNT_COLUMNS: Record<string, string> = {
  syringes_out: 'syringes',
  needles_out: 'needles',
  syringes_returned: 'syringes_returned',
  condoms_out: 'condoms',
  naloxone_out: 'naloxone',
  naloxone_reversals: 'naloxone_reversal',
};

export interface RegisterIssue {
  row: number;
  column: string;
  value: string;
  message: string;
}

export interface RegisterHeader {
  /** Column name → cell index. */
  index: Partial<Record<RegisterColumn, number>>;
  /** Columns that are not part of the format (ignored, reported once). */
  unknown: string[];
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)] as number[]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return d[a.length]![b.length]!;
}

function suggest(name: string): string | null {
  let best: string | null = null;
  let bestD = 4;
  for (const c of REGISTER_COLUMNS) {
    const dd = c.includes(name) || name.includes(c) ? 1 : distance(name, c);
    if (dd < bestD) {
      bestD = dd;
      best = c;
    }
  }
  return best;
}

/** Reads the header; throws nothing — returns the file-level problem when a required column is missing. */
export function readRegisterHeader(cells: readonly string[]): {
  header: RegisterHeader;
  problem: string | null;
  warnings: string[];
} {
  const index: Partial<Record<RegisterColumn, number>> = {};
  const unknown: string[] = [];
  const warnings: string[] = [];
  cells.forEach((raw, i) => {
    const name = String(raw ?? '')
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase();
    if (!name) return;
    if ((REGISTER_COLUMNS as readonly string[]).includes(name)) {
      if (index[name as RegisterColumn] !== undefined)
        warnings.push(`Column "${name}" appears twice; the first one is used`);
      else index[name as RegisterColumn] = i;
    } else unknown.push(name);
  });
  for (const u of unknown) {
    const s = suggest(u);
    warnings.push(
      `Column "${showValue(u, 40)}" is not part of the register format and is ignored${s && index[s as RegisterColumn] === undefined ? ` (did you mean "${s}"?)` : ''}`,
    );
  }
  const missing = REQUIRED_COLUMNS.filter((c) => index[c] === undefined);
  let problem: string | null = null;
  if (missing.length) {
    const hints = missing.map((m) => {
      const close = unknown.find((u) => suggest(u) === m);
      return close ? `"${m}" (found "${showValue(close, 40)}" — rename it)` : `"${m}"`;
    });
    problem = `The header must name the columns contact_date, site and uic (names are exact; case and spaces around them do not matter). Missing: ${hints.join(', ')}.`;
  }
  return { header: { index, unknown }, problem, warnings };
}

export interface RegisterRow {
  row: number;
  contactId: string | null;
  date: string;
  siteCode: string;
  uic: ParsedUic;
  sex: Sex | null;
  birthYear: number | null;
  kp: KeyPopulation | null;
  worker: string | null;
  items: ContactItem[];
}

export type CellValue = string | number | boolean | Date | null | undefined;

/** Excel's serial day number (1900 date system) as YYYY-MM-DD, for 1990–2100; null otherwise. */
export function excelSerialDate(n: number): string | null {
  if (!Number.isInteger(n) || n < 32874 || n > 73415) return null;
  return new Date(Date.UTC(1899, 11, 30) + n * 86_400_000).toISOString().slice(0, 10);
}

function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return String(v).trim();
}

/** A cell's text, or '' when the column is absent (index −1). */
function textAt(cells: readonly CellValue[], at: number): string {
  return at < 0 ? '' : cellText(cells[at]);
}

function addIssue(issues: RegisterIssue[], row: number, column: string, value: string, message: string) {
  issues.push({ row, column, value: showValue(value), message });
}

/** A yes/no column: `yes` adds the item, empty or `no` adds nothing. */
function checkYes(
  cells: readonly CellValue[],
  at: number,
  column: string,
  code: string,
  items: ContactItem[],
  issues: RegisterIssue[],
  row: number,
) {
  const t = textAt(cells, at).toLowerCase();
  if (!t || t === 'no') return;
  if (t === 'yes') items.push({ code });
  else addIssue(issues, row, column, t, 'Allowed: yes (or leave the cell empty)');
}

/** A test result column: one of the allowed results adds the test with it. */
function checkResult(
  cells: readonly CellValue[],
  at: number,
  column: string,
  code: string,
  allowed: readonly string[],
  items: ContactItem[],
  issues: RegisterIssue[],
  row: number,
) {
  const t = textAt(cells, at).toLowerCase();
  if (!t) return;
  if (allowed.includes(t)) items.push({ code, result: t });
  else addIssue(issues, row, column, t, `Allowed: ${allowed.join(', ')}`);
}

const FREE_TEXT_COLUMNS = (col: { contactId: number; site: number; worker: number }) =>
  [
    ['contact_id', col.contactId],
    ['site', col.site],
    ['worker', col.worker],
  ] as const;

export type RegisterRowCheck = { ok: true; row: RegisterRow } | { ok: false; issues: RegisterIssue[] };

/**
 * Checks data rows read under one header on one day. What is the same for every row — where each
 * column is, tomorrow's date, the quantity limits — is worked out once: an import checks a million rows.
 * `today` bounds dates: nothing after tomorrow (time zones differ), nothing before 1990.
 */
export function registerRowChecker(
  header: RegisterHeader,
  today: string,
): (cells: readonly CellValue[], rowNumber: number) => RegisterRowCheck {
  const at = (c: RegisterColumn) => header.index[c] ?? -1;
  const tomorrow = latestRecordedDay(today);
  const todayDate = new Date(`${today}T00:00:00Z`);
  const counts = Object.entries(COUNT_COLUMNS)
    .map(([column, code]) => ({
      column,
      code,
      at: at(column as RegisterColumn),
      max: catalogueItem(code)?.maxQuantity ?? 10_000,
    }))
    .filter((c) => c.at >= 0);
  const col = {
    contactId: at('contact_id'),
    date: at('contact_date'),
    site: at('site'),
    uic: at('uic'),
    sex: at('sex'),
    kp: at('kp'),
    birthYear: at('birth_year'),
    worker: at('worker'),
    iec: at('iec'),
    art: at('art_started'),
    prep: at('prep'),
    hcvTreatment: at('hcv_treatment_started'),
    hiv: at('hiv_test'),
    hcv: at('hcv_test'),
    tb: at('tb_screened'),
    vl: at('viral_load'),
    ost: at('ost'),
    referral: at('referral'),
  };
  // A register spans a few thousand distinct days: each date text is read and checked once.
  const dates = new Map<string, string | null>();
  const readDate = (text: string): string | null => {
    let date = dates.get(text);
    if (date === undefined) {
      date = parseFlexibleDate(text);
      if (dates.size >= 20_000) dates.clear();
      dates.set(text, date);
    }
    return date;
  };

  return (cells, rowNumber) => {
    const issues: RegisterIssue[] = [];
    const rawDate = col.date < 0 ? undefined : cells[col.date];
    const dateText = textAt(cells, col.date);
    let date: string | null = null;
    if (!dateText)
      addIssue(
        issues,
        rowNumber,
        'contact_date',
        '',
        'The contact date is missing (YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY)',
      );
    else {
      // A spreadsheet date cell arrives as a Date, or as a serial day number when its format was lost.
      date =
        rawDate instanceof Date
          ? dateText
          : typeof rawDate === 'number'
            ? excelSerialDate(rawDate)
            : readDate(dateText);
      if (!date)
        addIssue(
          issues,
          rowNumber,
          'contact_date',
          dateText,
          'Not a real date; use YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY',
        );
      else if (date > tomorrow) {
        addIssue(
          issues,
          rowNumber,
          'contact_date',
          dateText,
          `The date is in the future (today is ${today})`,
        );
        date = null;
      } else if (date < EARLIEST_CONTACT_DATE) {
        addIssue(
          issues,
          rowNumber,
          'contact_date',
          dateText,
          `The date is before ${EARLIEST_CONTACT_DATE}; check the year`,
        );
        date = null;
      }
    }

    const siteCode = textAt(cells, col.site);
    if (!siteCode) addIssue(issues, rowNumber, 'site', '', 'The site code is missing');

    const uicText = textAt(cells, col.uic);
    const uic = parseUic(uicText);
    if (!uic.ok)
      issues.push({
        row: rowNumber,
        column: 'uic',
        value: uicText ? MASKED : '',
        message: uic.issue.message,
      });

    const sexText = textAt(cells, col.sex).toLowerCase();
    if (sexText && !(SEXES as readonly string[]).includes(sexText))
      addIssue(issues, rowNumber, 'sex', sexText, `Allowed: ${SEXES.join(', ')}`);
    const kpText = textAt(cells, col.kp).toLowerCase();
    if (kpText && !(KEY_POPULATIONS as readonly string[]).includes(kpText))
      addIssue(issues, rowNumber, 'kp', kpText, `Allowed: ${KEY_POPULATIONS.join(', ')}`);
    const byText = textAt(cells, col.birthYear);
    let birthYear: number | null = null;
    if (byText) {
      const n = /^\d{4}$/.test(byText) ? Number(byText) : Number.NaN;
      const rule = checkBirthYear(n, todayDate);
      if (rule) addIssue(issues, rowNumber, 'birth_year', byText, `Give the birth year as YYYY, ${rule}`);
      else birthYear = n;
    }
    const worker = textAt(cells, col.worker);
    // The free-text columns are stored or looked up as they are: no control characters (NUL cannot be
    // stored by PostgreSQL at all).
    for (const [column, at] of FREE_TEXT_COLUMNS(col)) {
      const t = textAt(cells, at);
      if (t && controlCharacterIssue(t, column))
        addIssue(
          issues,
          rowNumber,
          column,
          '',
          'Contains a control character; only printable text is allowed',
        );
    }
    if (worker && !/^[\p{L}\p{N}_.-]{1,30}$/u.test(worker))
      addIssue(issues, rowNumber, 'worker', worker, 'A staff code has 1–30 letters, digits, "_", "." or "-"');

    const items: ContactItem[] = [];
    for (const c of counts) {
      const t = textAt(cells, c.at);
      if (!t) continue;
      if (!/^\d+$/.test(t)) {
        addIssue(issues, rowNumber, c.column, t, 'Give a whole number of 0 or more');
        continue;
      }
      const n = Number(t);
      if (n > c.max)
        addIssue(
          issues,
          rowNumber,
          c.column,
          t,
          `${n} is more than one contact can carry (at most ${c.max}); check for a typing error`,
        );
      else if (n > 0) items.push({ code: c.code, qty: n });
    }
    checkYes(cells, col.iec, 'iec', 'iec', items, issues, rowNumber);
    checkYes(cells, col.art, 'art_started', 'art_start', items, issues, rowNumber);
    checkYes(cells, col.prep, 'prep', 'prep', items, issues, rowNumber);
    checkYes(
      cells,
      col.hcvTreatment,
      'hcv_treatment_started',
      'hcv_treatment_start',
      items,
      issues,
      rowNumber,
    );
    checkResult(cells, col.hiv, 'hiv_test', 'hiv_test', HIV_RESULTS, items, issues, rowNumber);
    checkResult(cells, col.hcv, 'hcv_test', 'hcv_test', HCV_RESULTS, items, issues, rowNumber);
    checkResult(cells, col.tb, 'tb_screened', 'tb_screening', TB_RESULTS, items, issues, rowNumber);
    const vl = textAt(cells, col.vl);
    if (vl) {
      if (/^\d+$/.test(vl) && Number(vl) <= 100_000_000)
        items.push({ code: 'viral_load', copies: Number(vl) });
      else
        addIssue(issues, rowNumber, 'viral_load', vl, 'Give the viral load in copies/mL as a whole number');
    }
    const ost = textAt(cells, col.ost).toLowerCase();
    if (ost) {
      if (ost === 'start' || ost === 'dose' || ost === 'stop') items.push({ code: 'ost', event: ost });
      else addIssue(issues, rowNumber, 'ost', ost, 'Allowed: start, dose, stop');
    }
    const ref = textAt(cells, col.referral);
    if (ref) {
      const seen = new Set<string>();
      for (const raw of ref.split(';')) {
        const part = raw.trim().toLowerCase();
        if (!part) continue;
        if (!(REGISTER_REFERRALS as readonly string[]).includes(part)) {
          addIssue(
            issues,
            rowNumber,
            'referral',
            part,
            `Allowed, separated by ";": ${REGISTER_REFERRALS.join(', ')}`,
          );
          continue;
        }
        const to = part as ReferralService;
        if (!(REFERRAL_SERVICES as readonly string[]).includes(to) || seen.has(to)) continue;
        seen.add(to);
        items.push({ code: 'referral', to });
      }
    }

    if (issues.length || !date || !uic.ok || !siteCode) return { ok: false, issues };
    return {
      ok: true,
      row: {
        row: rowNumber,
        contactId: textAt(cells, col.contactId) || null,
        date,
        siteCode,
        uic: uic.uic,
        sex: (sexText || null) as Sex | null,
        birthYear,
        kp: (kpText || null) as KeyPopulation | null,
        worker: worker || null,
        items,
      },
    };
  };
}

/** Checks one data row (`rowNumber` counts the header as row 1); see registerRowChecker. */
export function parseRegisterRow(
  cells: readonly CellValue[],
  header: RegisterHeader,
  rowNumber: number,
  today: string,
): RegisterRowCheck {
  return registerRowChecker(header, today)(cells, rowNumber);
}
