/**
 * UIC schemes built from parts (docs/uic.md): presets `pasmo`, `slk581`, `parents-initials`, or a
 * programme's own template. The device asks the questions, shows the code and forgets the answers.
 */

import type { FieldIssue } from '../problems.js';
import { normaliseUic } from './normalise.js';

export type NameQuestion = 'surname' | 'givenName' | 'motherName' | 'fatherName';
export type SexCode = 'male' | 'female' | 'trans_woman' | 'trans_man' | 'nonbinary' | 'unknown';

export type UicPart =
  /** Letters at 1-based positions of a name; `missing` fills a name too short, `unknown` a name not known. */
  | { kind: 'letters'; question: NameQuestion; positions: number[]; missing?: string; unknown?: string }
  | { kind: 'sex'; codes: Record<SexCode, string> }
  | { kind: 'birthDay' }
  | { kind: 'birthMonth' }
  | { kind: 'birthYear'; digits: 2 | 4 }
  | { kind: 'site'; width: number };

export interface UicScheme {
  id: string;
  parts: UicPart[];
}

const MFT: Record<SexCode, string> = {
  male: 'M',
  female: 'F',
  trans_woman: 'T',
  trans_man: 'T',
  nonbinary: 'X',
  unknown: 'X',
};

export const UIC_PRESETS: Record<'pasmo' | 'slk581' | 'parents-initials', UicScheme> = {
  /** PASMO: first 2 letters of surname + sex M/F/T + day of birth (2 digits) + last 2 digits of birth year, e.g. PUM3181. */
  pasmo: {
    id: 'pasmo',
    parts: [
      { kind: 'letters', question: 'surname', positions: [1, 2], missing: 'X', unknown: 'X' },
      { kind: 'sex', codes: MFT },
      { kind: 'birthDay' },
      { kind: 'birthYear', digits: 2 },
    ],
  },
  /** Australia's SLK-581: letters 2,3,5 of family name + 2,3 of given name + DDMMYYYY + sex (1 male, 2 female, 3 other, 9 not stated); 2 fills a missing letter, 9 an unknown name. */
  slk581: {
    id: 'slk581',
    parts: [
      { kind: 'letters', question: 'surname', positions: [2, 3, 5], missing: '2', unknown: '9' },
      { kind: 'letters', question: 'givenName', positions: [2, 3], missing: '2', unknown: '9' },
      { kind: 'birthDay' },
      { kind: 'birthMonth' },
      { kind: 'birthYear', digits: 4 },
      {
        kind: 'sex',
        codes: { male: '1', female: '2', trans_woman: '3', trans_man: '3', nonbinary: '3', unknown: '9' },
      },
    ],
  },
  /** Eastern Europe and Central Asia: first 2 letters of mother's and of father's first names + sex + last 2 digits of birth year. */
  'parents-initials': {
    id: 'parents-initials',
    parts: [
      { kind: 'letters', question: 'motherName', positions: [1, 2], missing: 'X', unknown: 'X' },
      { kind: 'letters', question: 'fatherName', positions: [1, 2], missing: 'X', unknown: 'X' },
      { kind: 'sex', codes: MFT },
      { kind: 'birthYear', digits: 2 },
    ],
  },
};

export type UicPresetId = keyof typeof UIC_PRESETS;

export function isUicPreset(id: string): id is UicPresetId {
  return id in UIC_PRESETS;
}

/** Width in characters of a part, so a typed code can be split into its parts. */
export function partWidth(p: UicPart): number {
  switch (p.kind) {
    case 'letters':
      return p.positions.length;
    case 'sex':
      return 1;
    case 'birthDay':
    case 'birthMonth':
      return 2;
    case 'birthYear':
      return p.digits;
    case 'site':
      return p.width;
  }
}

export function schemeWidth(s: UicScheme): number {
  return s.parts.reduce((n, p) => n + partWidth(p), 0);
}

/** What the device asks, in order, for a scheme. */
export function schemeQuestions(s: UicScheme): ('sex' | 'birthDate' | 'site' | NameQuestion)[] {
  const qs: ('sex' | 'birthDate' | 'site' | NameQuestion)[] = [];
  for (const p of s.parts) {
    const q =
      p.kind === 'letters' ? p.question : p.kind === 'sex' ? 'sex' : p.kind === 'site' ? 'site' : 'birthDate';
    if (!qs.includes(q)) qs.push(q);
  }
  return qs;
}

export interface UicAnswers {
  surname?: string | null;
  givenName?: string | null;
  motherName?: string | null;
  fatherName?: string | null;
  sex?: SexCode | null;
  /** YYYY-MM-DD; day or month may be unknown only when the scheme does not use them. */
  birthDate?: string | null;
  site?: string | null;
}

function lettersOf(name: string): string[] {
  // Only letters count (a hyphen or apostrophe in a name is not a letter); combining marks folded by NFKC.
  return [...normaliseUic(name).replace(/[^\p{L}]/gu, '')];
}

/** Builds the code from a client's answers, or says which answer is missing or malformed. */
export function buildUic(
  s: UicScheme,
  a: UicAnswers,
): { ok: true; code: string; parts: string[] } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const parts: string[] = [];
  const date = a.birthDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(a.birthDate) : null;
  const needDate = s.parts.some(
    (p) => p.kind === 'birthDay' || p.kind === 'birthMonth' || p.kind === 'birthYear',
  );
  if (needDate && !date)
    issues.push({ field: 'birthDate', rule: 'format', message: 'Give the date of birth as YYYY-MM-DD' });
  for (const p of s.parts) {
    switch (p.kind) {
      case 'letters': {
        const raw = a[p.question];
        if (raw === undefined) {
          issues.push({
            field: p.question,
            rule: 'required',
            message: 'This answer is needed for the code (leave it empty if the client does not know)',
          });
          break;
        }
        const letters = raw ? lettersOf(raw) : null;
        parts.push(
          p.positions
            .map((pos) =>
              letters === null || letters.length === 0
                ? (p.unknown ?? 'X')
                : (letters[pos - 1] ?? p.missing ?? 'X'),
            )
            .join(''),
        );
        break;
      }
      case 'sex':
        if (!a.sex) issues.push({ field: 'sex', rule: 'required', message: 'Choose the sex or gender' });
        else parts.push(p.codes[a.sex]);
        break;
      case 'birthDay':
        if (date) parts.push(date[3]!);
        break;
      case 'birthMonth':
        if (date) parts.push(date[2]!);
        break;
      case 'birthYear':
        if (date) parts.push(p.digits === 4 ? date[1]! : date[1]!.slice(2));
        break;
      case 'site': {
        const site = normaliseUic(a.site ?? '');
        if (!site) issues.push({ field: 'site', rule: 'required', message: 'Choose the site' });
        else parts.push(site.slice(0, p.width).padEnd(p.width, 'X'));
        break;
      }
    }
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, code: normaliseUic(parts.join('')), parts: parts.map(normaliseUic) };
}

/**
 * Splits a normalised code into the scheme's parts by their widths. Null when the code does not have
 * the scheme's length (a legacy or hand-made code): it is still stored and found, but cannot be
 * compared part by part for probable duplicates.
 */
export function splitUic(s: UicScheme, base: string): string[] | null {
  const chars = [...base];
  if (chars.length !== schemeWidth(s)) return null;
  const out: string[] = [];
  let i = 0;
  for (const p of s.parts) {
    const w = partWidth(p);
    out.push(chars.slice(i, i + w).join(''));
    i += w;
  }
  return out;
}

/**
 * The keys under which two codes that differ in exactly one character meet (a typing slip, a misheard
 * letter): the code with each character blanked in turn. The components are single characters, not
 * whole parts: blanking a whole part (e.g. the two surname letters) left sex, day and year, which
 * thousands of different people share — in the demo programme it flagged 1,548 "pairs" among 2,600
 * clients. Hashed with the programme key before storage, like the code itself.
 */
export function partialKeys(code: string): string[] {
  const chars = [...code];
  if (chars.length < 3) return [];
  return chars.map((_, i) => `${chars.length}:${i}:${chars.map((c, j) => (j === i ? '*' : c)).join('')}`);
}
