/**
 * What one contact carried, validated the same way for the console, the field app, the API and the
 * register importer, and the per-contact summary (quantities and flags) every indicator is built from.
 */

import { z } from 'zod';
import {
  type CatalogueItem,
  catalogueItem,
  DEFAULT_CATALOGUE,
  HCV_RESULTS,
  HIV_RESULTS,
  OST_EVENTS,
  OST_MEDICINES,
  REFERRAL_SERVICES,
  TB_RESULTS,
} from './catalogue.js';
import { OST_STOP_REASONS } from './ost.js';
import type { FieldIssue } from './problems.js';
import { itemQuantity } from './schemas/bounds.js';

export const contactItem = z
  .object({
    code: z.string().min(1).max(40),
    qty: itemQuantity.optional(),
    result: z.string().max(20).optional(),
    selfTest: z.boolean().optional(),
    copies: z.number().int().min(0).max(100_000_000).optional(),
    event: z.enum(OST_EVENTS).optional(),
    medicine: z.enum(OST_MEDICINES).optional(),
    mg: z.number().positive().max(2000).optional(),
    /** Why OST stopped (with `event: 'stop'`). */
    stopReason: z.enum(OST_STOP_REASONS).optional(),
    to: z.enum(REFERRAL_SERVICES).optional(),
    /** Where a referral is to, by name (a clinic or an organisation, never a person). */
    provider: z.string().trim().min(1).max(80).optional(),
    /** An overdose response's outcome: the item is one overdose, reversed only if the person survived. */
    outcome: z.enum(['survived', 'died', 'unknown']).optional(),
    /** Naloxone doses given in an overdose response. */
    doses: z.number().int().min(1).max(20).optional(),
  })
  .strict();
export type ContactItem = z.infer<typeof contactItem>;

/** Bit flags summarising a contact (and, OR-ed, a client's month): what the distinct-client indicators test. */
export const FLAG = {
  IEC: 1,
  /** An HIV test was done (any result but declined/referred): counts toward the KP package. */
  HIV_TEST: 2,
  /** An HIV result was received, negative or positive (HTS_TST). */
  HIV_RESULT: 4,
  HIV_POSITIVE: 8,
  HIV_TEST_REFERRAL: 16,
  PREP: 32,
  HCV_TESTED: 64,
  HCV_POSITIVE: 128,
  HCV_TREATED: 256,
  TB_SCREENED: 512,
  TB_REFERRED: 1024,
  ART_STARTED: 2048,
  OST: 4096,
} as const;

export interface ContactSummary {
  syringes: number;
  needles: number;
  returned: number;
  condoms: number;
  naloxone: number;
  reversals: number;
  flags: number;
}

export function emptySummary(): ContactSummary {
  return { syringes: 0, needles: 0, returned: 0, condoms: 0, naloxone: 0, reversals: 0, flags: 0 };
}

/**
 * Overdoses reversed with naloxone that an item reports (`naloxone.reversals`). An overdose response
 * (an item with an `outcome`, from the field app or the console) is one overdose, reversed only when
 * the person survived — not the doses given (older phones sent those as `qty`), and never a death
 * or an unknown outcome. Without an outcome the item reports `qty` reversals (the register's
 * `naloxone_reversals` column: overdoses the client reports having reversed).
 */
export function reversalsOf(i: ContactItem): number {
  if (i.outcome) return i.outcome === 'survived' ? 1 : 0;
  return i.qty ?? 1;
}

export function summarise(items: readonly ContactItem[]): ContactSummary {
  const s = emptySummary();
  for (const i of items) {
    switch (i.code) {
      case 'syringes':
        s.syringes += i.qty ?? 0;
        break;
      case 'needles':
        s.needles += i.qty ?? 0;
        break;
      case 'syringes_returned':
        s.returned += i.qty ?? 0;
        break;
      case 'condoms':
        s.condoms += i.qty ?? 0;
        break;
      case 'naloxone':
        s.naloxone += i.qty ?? 0;
        break;
      case 'naloxone_reversal':
        s.reversals += reversalsOf(i);
        break;
      case 'iec':
        s.flags |= FLAG.IEC;
        break;
      case 'hiv_test':
        if (i.result === 'negative' || i.result === 'positive' || i.result === 'indeterminate')
          s.flags |= FLAG.HIV_TEST;
        if (i.result === 'negative' || i.result === 'positive') s.flags |= FLAG.HIV_RESULT;
        if (i.result === 'positive') s.flags |= FLAG.HIV_POSITIVE;
        if (i.result === 'referred') s.flags |= FLAG.HIV_TEST_REFERRAL;
        break;
      case 'prep':
        s.flags |= FLAG.PREP;
        break;
      case 'hcv_test':
        if (i.result === 'negative' || i.result === 'positive') s.flags |= FLAG.HCV_TESTED;
        if (i.result === 'positive') s.flags |= FLAG.HCV_POSITIVE;
        break;
      case 'hcv_treatment_start':
        s.flags |= FLAG.HCV_TREATED;
        break;
      case 'tb_screening':
        s.flags |= FLAG.TB_SCREENED;
        // formats §1: presumptive implies referred for diagnosis.
        if (i.result === 'presumptive') s.flags |= FLAG.TB_REFERRED;
        break;
      case 'art_start':
        s.flags |= FLAG.ART_STARTED;
        break;
      case 'ost':
        s.flags |= FLAG.OST;
        break;
      case 'referral':
        if (i.to === 'tb') s.flags |= FLAG.TB_REFERRED;
        if (i.to === 'hiv_test') s.flags |= FLAG.HIV_TEST_REFERRAL;
        break;
    }
  }
  return s;
}

/** Adds b into a (quantities summed, flags OR-ed). */
export function addSummary(a: ContactSummary, b: ContactSummary): ContactSummary {
  a.syringes += b.syringes;
  a.needles += b.needles;
  a.returned += b.returned;
  a.condoms += b.condoms;
  a.naloxone += b.naloxone;
  a.reversals += b.reversals;
  a.flags |= b.flags;
  return a;
}

/** Checks each item against the catalogue: known code, the fields its kind needs, plausible quantities. */
export function checkItems(
  items: readonly ContactItem[],
  extra: readonly CatalogueItem[] = [],
  fieldPrefix = 'items',
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (items.length === 0)
    issues.push({
      field: fieldPrefix,
      rule: 'required',
      message: 'A contact carries at least one service item',
    });
  items.forEach((item, n) => {
    const at = (f: string) => `${fieldPrefix}.${n}.${f}`;
    const def = catalogueItem(item.code, extra);
    if (!def) {
      issues.push({
        field: at('code'),
        value: item.code,
        rule: 'enum',
        message: `"${item.code}" is not in the service catalogue`,
      });
      return;
    }
    if (def.kind === 'commodity' || def.kind === 'overdose') {
      if (item.qty === undefined && def.kind === 'commodity')
        issues.push({ field: at('qty'), rule: 'required', message: `Give how many (${def.code})` });
      if (item.qty !== undefined && def.maxQuantity && item.qty > def.maxQuantity) {
        issues.push({
          field: at('qty'),
          value: String(item.qty),
          rule: 'max',
          message: `${item.qty} is more than one contact can carry of ${def.code} (at most ${def.maxQuantity}); check for a typing error`,
        });
      }
    }
    if (def.kind === 'test' && def.code !== 'viral_load') {
      if (!item.result || !def.results?.includes(item.result)) {
        issues.push({
          field: at('result'),
          value: item.result ?? '',
          rule: 'enum',
          message: `The result of ${def.code} must be one of ${def.results?.join(', ')}`,
        });
      }
    }
    if (def.code === 'viral_load' && item.copies === undefined)
      issues.push({ field: at('copies'), rule: 'required', message: 'Give the viral load in copies/mL' });
    if (def.kind === 'ost' && !item.event)
      issues.push({
        field: at('event'),
        rule: 'required',
        message: `Say whether OST was ${OST_EVENTS.join(', ')}`,
      });
    if (item.provider !== undefined && def.kind !== 'referral')
      issues.push({
        field: at('provider'),
        value: item.provider,
        rule: 'unexpected',
        message: 'Only a referral names a provider',
      });
    if (def.kind === 'referral' && !item.to)
      issues.push({
        field: at('to'),
        rule: 'required',
        message: `Say where the referral is to: ${REFERRAL_SERVICES.join(', ')}`,
      });
  });
  return issues;
}

/** Dated clinical events a contact produces (timeline, cascade, ART linkage, OST episodes). */
export interface ClinicalEvent {
  kind:
    | 'hiv_result'
    | 'art_start'
    | 'viral_load'
    | 'hcv_result'
    | 'hcv_treatment'
    | 'hbv_result'
    | 'tb_screen'
    | 'sti_result'
    | 'prep'
    | 'ost'
    | 'overdose';
  value: string | null;
  detail: string | null;
  num: number | null;
}

export function clinicalEvents(items: readonly ContactItem[]): ClinicalEvent[] {
  const out: ClinicalEvent[] = [];
  for (const i of items) {
    switch (i.code) {
      case 'hiv_test':
        out.push({
          kind: 'hiv_result',
          value: i.result ?? null,
          detail: i.selfTest ? 'self_test' : null,
          num: null,
        });
        break;
      case 'art_start':
        out.push({ kind: 'art_start', value: null, detail: null, num: null });
        break;
      case 'viral_load':
        out.push({ kind: 'viral_load', value: null, detail: null, num: i.copies ?? null });
        break;
      case 'hcv_test':
        out.push({ kind: 'hcv_result', value: i.result ?? null, detail: null, num: null });
        break;
      case 'hcv_treatment_start':
        out.push({ kind: 'hcv_treatment', value: null, detail: null, num: null });
        break;
      case 'hbv_test':
        out.push({ kind: 'hbv_result', value: i.result ?? null, detail: null, num: null });
        break;
      case 'tb_screening':
        out.push({ kind: 'tb_screen', value: i.result ?? null, detail: null, num: null });
        break;
      case 'sti_screening':
        out.push({ kind: 'sti_result', value: i.result ?? null, detail: null, num: null });
        break;
      case 'prep':
        out.push({ kind: 'prep', value: null, detail: null, num: null });
        break;
      case 'ost':
        // A stop keeps its reason where a dose keeps its medicine.
        out.push({
          kind: 'ost',
          value: i.event ?? null,
          detail: (i.event === 'stop' ? i.stopReason : i.medicine) ?? null,
          num: i.mg ?? null,
        });
        break;
      case 'naloxone_reversal':
        out.push({
          kind: 'overdose',
          value: i.outcome ?? 'survived',
          detail: 'naloxone',
          num: i.outcome ? (i.doses ?? i.qty ?? 1) : (i.qty ?? 1),
        });
        break;
    }
  }
  return out;
}

/** Referral targets in a contact, each once. */
export function referralsOf(items: readonly ContactItem[]): { service: string; provider: string | null }[] {
  // A loop, not filter/map/Set: called for every contact written, and most refer nobody.
  const out: { service: string; provider: string | null }[] = [];
  for (const i of items)
    if (i.code === 'referral' && i.to && !out.some((r) => r.service === i.to))
      out.push({ service: i.to, provider: i.provider ?? null });
  return out;
}

/** Items in a stable order and shape, for fingerprints and comparisons. */
export function canonicalItems(items: readonly ContactItem[]): ContactItem[] {
  return [...items]
    .map(
      (i) =>
        Object.fromEntries(
          Object.entries(i)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        ) as ContactItem,
    )
    .map((i) => [JSON.stringify(i), i] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, i]) => i);
}

export { DEFAULT_CATALOGUE, HCV_RESULTS, HIV_RESULTS, TB_RESULTS };
