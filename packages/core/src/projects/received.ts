/**
 * Figures a member sends from its own server (its own Harbour or its own DHIS2) to the consortium's
 * Harbour, the way it would send them to DHIS2: a data value set in DHIS2's JSON, or ADX XML read
 * into the same shape. Each value is checked on its own; a bad one becomes a conflict in DHIS2's
 * import summary and the rest are kept.
 */

import { INDICATOR_IDS } from '../indicators/definitions.js';
import { parsePeriod } from '../periods.js';

/** One value as sent, with its place in the set (DHIS2 reports conflicts by index). */
export interface SentValue {
  dataElement?: unknown;
  period?: unknown;
  orgUnit?: unknown;
  categoryOptionCombo?: unknown;
  attributeOptionCombo?: unknown;
  value?: unknown;
  /** ADX: the value's disaggregation, as its extra attributes (category code → option code). */
  categories?: Record<string, string>;
}

/** DHIS2's default category option combo: a value sent with it is the element's total. */
export const DHIS2_DEFAULT_COMBO = 'HllvX50cXC0';

export interface ReceivingConflict {
  /** What was refused (the data element, period or org unit as sent). */
  object: string;
  /** Why, in words. */
  value: string;
  /** Which field of the value was refused. */
  property: 'dataElement' | 'period' | 'orgUnit' | 'value' | 'categoryOptionCombo';
  /** Indexes of the refused values in the set. */
  indexes: number[];
}

export interface CheckedValue {
  index: number;
  dataElement: string;
  indicator: string;
  period: string;
  /** The org unit's id in the consortium's Harbour. */
  unitId: string;
  /** '' for the element's total; otherwise the combo (JSON) or the ADX categories, in a stable form. */
  cell: string;
  value: number;
}

/** How the consortium reads one member's values: its data elements (own ids → Harbour's indicators) and org units. */
export interface ReceivingMapping {
  /** A member's own data element ids for Harbour's indicators; an indicator id itself is always accepted. */
  dataElements: Readonly<Record<string, string>>;
  /**
   * The org unit as sent → the unit's id in the consortium's Harbour, or 'outside' when it is a unit
   * of the consortium's Harbour outside the member's organisation; absent when unknown.
   */
  units: ReadonlyMap<string, string | 'outside'>;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** A stable cell key for a disaggregated value; '' for the total. */
export function cellOf(v: SentValue): string {
  if (v.categories && Object.keys(v.categories).length > 0)
    return Object.entries(v.categories)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, o]) => `${k}=${o}`)
      .join(';');
  const combo = text(v.categoryOptionCombo);
  return combo === '' || combo === DHIS2_DEFAULT_COMBO ? '' : `coc=${combo}`;
}

/**
 * Checks every value of a set against the member's mapping. Conflicts are gathered per object and
 * reason (so a thousand values of one unknown element make one conflict with a thousand indexes).
 */
export function checkSentValues(
  values: readonly SentValue[],
  mapping: ReceivingMapping,
): { accepted: CheckedValue[]; conflicts: ReceivingConflict[] } {
  const accepted: CheckedValue[] = [];
  const conflicts = new Map<string, ReceivingConflict>();
  const refuse = (index: number, property: ReceivingConflict['property'], object: string, why: string) => {
    const key = `${property}|${object}|${why}`;
    const c = conflicts.get(key);
    if (c) c.indexes.push(index);
    else conflicts.set(key, { object, value: why, property, indexes: [index] });
  };
  const seen = new Map<string, number>();
  values.forEach((v, index) => {
    const element = text(v.dataElement);
    const indicator =
      mapping.dataElements[element] ??
      ((INDICATOR_IDS as readonly string[]).includes(element) ? element : null);
    if (!indicator) {
      refuse(
        index,
        'dataElement',
        element.slice(0, 100),
        'Data element is not mapped to one of Harbour’s indicators for this member',
      );
      return;
    }
    const periodId = text(v.period);
    const period = parsePeriod(periodId);
    if (!period || period.id.includes('/')) {
      refuse(
        index,
        'period',
        periodId.slice(0, 100),
        'Period is not a DHIS2 period id (e.g. 202603, 2026Q1, 2026)',
      );
      return;
    }
    const unitRef = text(v.orgUnit);
    const unit = mapping.units.get(unitRef);
    if (!unit) {
      refuse(index, 'orgUnit', unitRef.slice(0, 100), 'Organisation unit is not known here');
      return;
    }
    if (unit === 'outside') {
      refuse(index, 'orgUnit', unitRef, 'Organisation unit is outside the organisation this token sends for');
      return;
    }
    const raw = text(v.value);
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value) || value < 0) {
      refuse(index, 'value', raw.slice(0, 100), 'Value is not a number of zero or more');
      return;
    }
    const cell = cellOf(v);
    if (cell.length > 200) {
      refuse(
        index,
        'categoryOptionCombo',
        cell.slice(0, 100),
        'Disaggregation is longer than 200 characters',
      );
      return;
    }
    const key = `${indicator}|${period.id}|${unit}|${cell}`;
    if (seen.has(key)) {
      refuse(
        index,
        'dataElement',
        element,
        'Another value in this set is for the same indicator, period, unit and disaggregation; the first one was kept',
      );
      return;
    }
    seen.set(key, index);
    accepted.push({ index, dataElement: element, indicator, period: period.id, unitId: unit, cell, value });
  });
  return { accepted, conflicts: [...conflicts.values()] };
}

const ADX_DURATIONS: Record<string, (start: string) => string | null> = {
  P1D: (s) => s.replaceAll('-', ''),
  P1M: (s) => (s.endsWith('-01') ? s.slice(0, 7).replace('-', '') : null),
  P3M: (s) => {
    const [y, m, d] = s.split('-');
    return d === '01' && ['01', '04', '07', '10'].includes(m!) ? `${y}Q${(Number(m) + 2) / 3}` : null;
  },
  P6M: (s) =>
    s.endsWith('-01-01') ? `${s.slice(0, 4)}S1` : s.endsWith('-07-01') ? `${s.slice(0, 4)}S2` : null,
  P1Y: (s) => (s.endsWith('-01-01') ? s.slice(0, 4) : null),
};

/** ADX's period (an ISO start and duration, 2026-01-01/P3M) as a DHIS2 period id (2026Q1), or null. */
export function periodFromAdx(adx: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})\/(P\w+)$/.exec(adx.trim());
  if (!m) return null;
  const id = ADX_DURATIONS[m[2]!]?.(m[1]!) ?? null;
  return id && parsePeriod(id) ? id : null;
}
