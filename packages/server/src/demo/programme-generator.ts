/**
 * A synthetic harm reduction programme, deterministic from a seed and streamed client by client, so
 * ten million contacts never sit in memory. Patterns follow what PWID programmes report: mostly men,
 * a real share of women and transgender people, many one-off clients and a core of regulars, HIV and
 * HCV prevalence in published ranges, OST cohorts with drop-out, referrals completed and lost, and a
 * small share of mistyped codes (probable duplicates). It writes contact-register rows (formats §1).
 */

import { REGISTER_COLUMNS, type RegisterColumn } from '@harbour/core';

export interface ProgrammeSpec {
  seed: number;
  clients: number;
  /** Target number of contacts (the total lands within a few per cent). */
  contacts: number;
  sites: readonly string[];
  /** Sites a client may also visit besides their own (e.g. those of the same organisation); all sites when absent. */
  siteGroups?: readonly (readonly string[])[];
  /** Staff codes per site; rows name one of the site's workers. */
  workers?: Readonly<Record<string, readonly string[]>>;
  /** First day of the programme period (YYYY-MM-DD). */
  start: string;
  months: number;
  /** Share of clients who come back once under a code mistyped in one part. */
  typoRate?: number;
}

/** A row of the contact register (formats.md §1) as text, one field per column. */
export type RegisterRecord = Record<RegisterColumn, string>;

/** The register's columns in formats.md's order (core owns the list). */
export const REGISTER_HEADER = REGISTER_COLUMNS;

/** mulberry32: small, fast, good enough for synthetic data. */
export function random(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of weighted) {
    x -= w;
    if (x <= 0) return v;
  }
  return weighted[weighted.length - 1]![0];
}

const SEX_MIX = [
  ['male', 80],
  ['female', 15],
  ['trans_woman', 2.5],
  ['trans_man', 0.5],
  ['nonbinary', 0.5],
  ['unknown', 1.5],
] as const;
const KP_MIX = [
  ['pwid', 76],
  ['pwud', 10],
  ['partner', 8],
  ['family', 2],
  ['other', 4],
] as const;
const LETTERS = 'ABCDEFGHIKLMNOPRSTUVYZ';
const DAY_MS = 86_400_000;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

interface Person {
  code: string;
  sex: string;
  birthYear: number;
  kp: string;
  hiv: boolean;
  hcv: boolean;
  site: string;
  /** Day index of the first and last possible visit. */
  from: number;
  to: number;
  visits: number;
  ost: boolean;
}

/** Streams register rows for the whole programme. Contacts of each block of clients come out in date order. */
export function* generateRegister(spec: ProgrammeSpec): Generator<RegisterRecord> {
  const r = random(spec.seed);
  const startMs = Date.parse(`${spec.start}T00:00:00Z`);
  const endMs = new Date(startMs).setUTCMonth(new Date(startMs).getUTCMonth() + spec.months) - DAY_MS;
  const days = Math.round((endMs - startMs) / DAY_MS) + 1;
  const usedCodes = new Set<string>();
  const endYear = new Date(endMs).getUTCFullYear();
  let contactNo = 0;
  const neighbours = (site: string) => spec.siteGroups?.find((g) => g.includes(site)) ?? spec.sites;
  const block = 2000;

  for (let first = 0; first < spec.clients; first += block) {
    const people: Person[] = [];
    for (let i = first; i < Math.min(first + block, spec.clients); i++) {
      const sex = pick(r, SEX_MIX);
      const kp = pick(r, KP_MIX);
      // Ages 16–64, centred in the mid-thirties.
      const age = Math.round(Math.min(64, Math.max(16, 35 + (r() + r() + r() - 1.5) * 18)));
      let code = '';
      for (let attempt = 0; attempt < 50; attempt++) {
        const letters =
          LETTERS[Math.floor(r() * LETTERS.length)]! + LETTERS[Math.floor(r() * LETTERS.length)]!;
        const s = sex === 'male' ? 'M' : sex === 'female' ? 'F' : sex.startsWith('trans') ? 'T' : 'X';
        const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
        code = `${letters}${s}${day}${String(endYear - age).slice(2)}`;
        if (!usedCodes.has(code)) break;
      }
      // With a huge population some codes repeat: a suffix-free tie-breaker keeps the demo honest.
      if (usedCodes.has(code)) code = `${code}${i.toString(36).toUpperCase()}`;
      usedCodes.add(code);
      // Heavy-tailed visits: many one-off clients, a core of regulars.
      const propensity = (-Math.log(1 - r() * 0.999)) ** 1.6;
      const from = Math.floor(r() ** 1.3 * days);
      const span = Math.max(1, Math.floor((days - from) * (0.15 + 0.85 * r())));
      people.push({
        code,
        sex,
        birthYear: endYear - age,
        kp,
        hiv: r() < (kp === 'pwid' ? 0.12 : 0.04),
        hcv: r() < (kp === 'pwid' ? 0.5 : 0.08),
        site: spec.sites[Math.floor(r() ** 1.4 * spec.sites.length)]!,
        from,
        to: Math.min(days - 1, from + span),
        visits: propensity,
        ost: kp === 'pwid' && r() < 0.08,
      });
    }
    const weight = people.reduce((s, p) => s + p.visits, 0) || 1;
    const blockContacts = (spec.contacts * people.length) / spec.clients;
    const rows: RegisterRecord[] = [];
    for (const p of people) {
      const n = Math.max(1, Math.round((p.visits / weight) * blockContacts));
      const dates = Array.from({ length: n }, () => p.from + Math.floor(r() * (p.to - p.from + 1))).sort(
        (a, b) => a - b,
      );
      let lastHivTest = -1000;
      let diagnosed = false;
      let onArt = false;
      let ostOn = false;
      let hcvDone = false;
      const ostStart = p.ost ? dates[Math.floor(r() * dates.length)]! : -1;
      const ostStop = p.ost && r() < 0.4 ? ostStart + 30 + Math.floor(r() * 300) : Number.POSITIVE_INFINITY;
      const typoAt =
        r() < (spec.typoRate ?? 0.01) && dates.length > 2 ? 1 + Math.floor(r() * (dates.length - 1)) : -1;
      dates.forEach((d, k) => {
        const inject = p.kp === 'pwid';
        // Typical NSP packs: a median of 25 syringes a visit, from a handful to a hundred.
        const syringes = inject ? Math.max(1, Math.round(25 * Math.exp((r() - 0.5) * 1.6))) : 0;
        let hivTest = '';
        if (!diagnosed && d - lastHivTest > 150 && r() < 0.35) {
          lastHivTest = d;
          hivTest = p.hiv ? 'positive' : r() < 0.01 ? 'indeterminate' : 'negative';
          if (p.hiv) diagnosed = true;
        } else if (!diagnosed && r() < 0.01)
          hivTest = pick(r, [
            ['declined', 1],
            ['referred', 1],
          ] as const);
        let artStarted = '';
        if (diagnosed && !onArt && !hivTest && r() < 0.5) {
          onArt = true;
          artStarted = 'yes';
        }
        let hcvTest = '';
        if (!hcvDone && r() < 0.08) {
          hcvDone = true;
          hcvTest = p.hcv ? 'positive' : 'negative';
        }
        let ost = '';
        if (p.ost && d >= ostStart && d < ostStop) {
          ost = ostOn ? 'dose' : 'start';
          ostOn = true;
        } else if (ostOn && d >= ostStop) {
          ost = 'stop';
          ostOn = false;
        }
        const referral =
          r() < 0.05
            ? pick(r, [
                ['art', diagnosed && !onArt ? 6 : 0.1],
                ['ost', 2],
                ['hcv', 2],
                ['tb', 1],
                ['legal', 1],
                ['shelter', 0.5],
                ['psychosocial', 1],
                ['srh', 0.5],
                ['food', 0.5],
              ] as const)
            : '';
        const workers = spec.workers?.[p.site] ?? [];
        rows.push({
          contact_id: `C${(++contactNo).toString(36).toUpperCase()}`,
          contact_date: isoDay(startMs + d * DAY_MS),
          site: r() < 0.9 ? p.site : neighbours(p.site)[Math.floor(r() * neighbours(p.site).length)]!,
          uic:
            k === typoAt
              ? `${p.code.slice(0, 3)}${String((Number(p.code.slice(3, 5)) % 28) + 1).padStart(2, '0')}${p.code.slice(5)}`
              : p.code,
          sex: k === 0 || r() < 0.3 ? p.sex : '',
          birth_year: k === 0 || r() < 0.3 ? String(p.birthYear) : '',
          kp: k === 0 ? p.kp : '',
          worker: workers.length ? workers[Math.floor(r() * workers.length)]! : '',
          syringes_out: syringes ? String(syringes) : '',
          needles_out: inject && r() < 0.2 ? String(Math.round(syringes / 2)) : '',
          syringes_returned: inject && r() < 0.6 ? String(Math.round(syringes * r())) : '',
          condoms_out: r() < 0.45 ? String(1 + Math.floor(r() * 10)) : '',
          naloxone_out: inject && r() < 0.06 ? '1' : '',
          naloxone_reversals: inject && r() < 0.005 ? '1' : '',
          iec: r() < 0.3 ? 'yes' : '',
          hiv_test: hivTest,
          art_started: artStarted,
          viral_load:
            onArt && r() < 0.05
              ? String(r() < 0.75 ? Math.floor(r() * 200) : 1000 + Math.floor(r() * 50000))
              : '',
          prep: !p.hiv && r() < 0.01 ? 'yes' : '',
          hcv_test: hcvTest,
          hcv_treatment_started: p.hcv && hcvDone && r() < 0.02 ? 'yes' : '',
          tb_screened: r() < 0.05 ? (r() < 0.05 ? 'presumptive' : 'negative') : '',
          ost,
          referral,
        });
      });
    }
    rows.sort((a, b) => (a.contact_date < b.contact_date ? -1 : a.contact_date > b.contact_date ? 1 : 0));
    yield* rows;
  }
}

/** One register row as CSV (no quoting needed: generated values hold no separators). */
export function registerCsvLine(rec: RegisterRecord): string {
  return REGISTER_HEADER.map((h) => rec[h]).join(',');
}
