/**
 * Builds harbour.report/1 for a period and an org unit, fresh from the rollups: every indicator,
 * with the requested cross-tabulation, suppressed whenever it leaves the programme.
 */

import {
  type CoverageLevels,
  computeReport,
  DEFAULT_LEVELS,
  DEFAULT_PACKAGE,
  DEFAULT_THRESHOLD,
  type Dimension,
  type EstimateFacts,
  EVENT_COUNTS,
  type EventPattern,
  type FieldIssue,
  ForbiddenError,
  factSourcesOf,
  type HarbourReport,
  InputError,
  latticeSuppression,
  makeReport,
  NEW_PEOPLE,
  type PackageDefinition,
  type Period,
  parseDimensions,
  periodOrIssue,
  publishedWhenSuppressed,
  type ReportInput,
  type ReportValue,
  suppressReport,
  toIsoDate,
  withEventPattern,
} from '@harbour/core';
import type { Services } from '../context.js';
import { type Actor, scopeOf } from '../identity/actor.js';
import { estimatesFor, targetsFor } from './estimates.js';
import { eventPattern } from './event-pattern.js';
import { type Facts, rollupFacts } from './rollup-facts.js';
import { type ReportScope, reportScope } from './scope.js';

const FINE_AGE: Dimension = { key: 'age', set: 'fine' };
/** The finest table suppression works on: sex × fine age band × key population. */
const CUBE: Dimension[] = [{ key: 'sex' }, FINE_AGE, { key: 'kp' }];

export interface ReportRequest {
  period: string;
  orgUnit: string;
  /** e.g. `sex,age:gf,kp` or `orgUnit:3`. */
  disaggregate?: string | null;
  /** Suppress small cells at this threshold (external outputs). Donor viewers and advocates are always suppressed. */
  suppress?: number | null;
}

export interface MonitoringSettings {
  threshold: number;
  levels: CoverageLevels;
  package: PackageDefinition;
}

/** The programme's monitoring settings, read in one query (every report reads them). */
export async function monitoringSettings(s: Pick<Services, 'db'>): Promise<MonitoringSettings> {
  const rows = await s.db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('org_id', '=', '')
    .where('key', 'in', ['monitoring.suppressionThreshold', 'monitoring.levels', 'monitoring.package'])
    .execute();
  const read = <T>(key: string, fallback: T): T => {
    const row = rows.find((r) => r.key === key);
    return row ? (JSON.parse(row.value) as T) : fallback;
  };
  return {
    threshold: read('monitoring.suppressionThreshold', DEFAULT_THRESHOLD),
    levels: read('monitoring.levels', DEFAULT_LEVELS),
    package: read('monitoring.package', DEFAULT_PACKAGE),
  };
}

export interface ParsedRequest {
  period: Period;
  dims: Dimension[];
  threshold: number | null;
  /** Read once for the request and passed on. */
  settings: MonitoringSettings;
}

/** The periods a suppressed report may cover: DHIS2's month, quarter and year, which never overlap within a type. */
export const SUPPRESSED_PERIOD_TYPES = ['month', 'quarter', 'year'] as const;

/** Checks a request and decides the suppression: exact only for roles that may read exact numbers. */
/**
 * What the reports of one request share: the monitoring settings and each unit's scope, read once
 * (a consortium's results ask fifteen reports of each member; each read them again, about 2 ms apiece
 * on PostgreSQL).
 */
export interface ReportMemo {
  settings?: Promise<MonitoringSettings>;
  scopes: Map<string, Promise<ReportScope>>;
  /** The year's pattern for counts of events, by year and threshold. */
  events: Map<string, Promise<EventPattern>>;
}

export const newReportMemo = (): ReportMemo => ({ scopes: new Map(), events: new Map() });

export async function parseRequest(
  s: Services,
  actor: Actor,
  req: ReportRequest,
  memo?: ReportMemo,
): Promise<ParsedRequest> {
  const issues: FieldIssue[] = [];
  const p = periodOrIssue(req.period);
  if (!p.ok) issues.push(p.issue);
  const d = parseDimensions(req.disaggregate ?? '');
  if (!d.ok) issues.push(d.issue);
  if (
    req.suppress !== undefined &&
    req.suppress !== null &&
    !(Number.isInteger(req.suppress) && req.suppress >= 2 && req.suppress <= 100)
  ) {
    issues.push({
      field: 'suppress',
      value: String(req.suppress),
      rule: 'range',
      message: 'The suppression threshold is a whole number from 2 to 100',
    });
  }
  if (issues.length || !p.ok || !d.ok) throw new InputError(issues);
  const exact = scopeOf(actor, 'report.read');
  const suppressedOnly = scopeOf(actor, 'report.read.suppressed');
  if (exact.length === 0 && suppressedOnly.length === 0) throw new ForbiddenError();
  if (memo && !memo.settings) memo.settings = monitoringSettings(s);
  const settings = await (memo?.settings ?? monitoringSettings(s));
  // Someone who may only see suppressed numbers gets at least the programme's threshold, whatever they ask.
  const threshold =
    exact.length === 0
      ? Math.max(req.suppress ?? settings.threshold, settings.threshold)
      : (req.suppress ?? null);
  // Suppressed numbers only for standard periods: reports for ranges ending a day apart subtract to
  // an exact small count, whatever each one hides.
  if (threshold !== null && !(SUPPRESSED_PERIOD_TYPES as readonly string[]).includes(p.period.type))
    throw new InputError({
      field: 'period',
      value: req.period,
      rule: 'standard_period',
      message:
        'Figures shared outside the programme are for a month (202603), a quarter (2026Q1) or a year (2026) only',
    });
  return { period: p.period, dims: d.dims, threshold, settings };
}

export interface BuiltReport {
  report: HarbourReport;
  /** The counts behind each row, for exports that need numerators and denominators. */
  counts: Map<string, Record<string, number>>;
  facts: Facts;
  levelUnits: string[];
}

export async function buildReport(
  s: Services,
  actor: Actor,
  req: ReportRequest,
  options: {
    /** Facts from elsewhere than the rollups (the property test reads them from raw rows). */
    facts?: (scope: ReportScope, period: Period) => Promise<Facts>;
    memo?: ReportMemo;
    /** Only these indicators (their facts alone are read); every indicator when not given. */
    indicators?: readonly string[];
  } = {},
): Promise<BuiltReport> {
  const { memo } = options;
  const { period, dims, threshold, settings } = await parseRequest(s, actor, req, memo);
  const exactScope = scopeOf(actor, 'report.read');
  const allowed =
    threshold === null ? exactScope : [...exactScope, ...scopeOf(actor, 'report.read.suppressed')];
  const unitDim = dims.find((d) => d.key === 'orgUnit');
  const level = unitDim && unitDim.key === 'orgUnit' ? unitDim.level : null;
  const scopeKey = `${req.orgUnit}|${level}|${allowed.join(',')}`;
  let scoped = memo?.scopes.get(scopeKey);
  if (!scoped) {
    scoped = reportScope(s.db, req.orgUnit, allowed, level);
    memo?.scopes.set(scopeKey, scoped);
  }
  const scope = await scoped;
  // A suppressed report's pattern is worked out on the finest table (suppression-lattice.ts), so its
  // people are read by fine age band, of which every band set is made.
  const factDims = threshold === null ? dims : [...dims.filter((d) => d.key !== 'age'), FINE_AGE];
  const sources = options.indicators ? factSourcesOf(options.indicators) : undefined;
  const facts = await (
    options.facts ?? ((sc, pe) => rollupFacts(s.reportDb ?? s.db, sc, pe, factDims, sources))
  )(scope, period);
  const estimateOf = await estimatesFor(s.db, scope.units, Number(period.end.slice(0, 4)));
  const byUnit = new Map<string, EstimateFacts>();
  if (unitDim)
    for (const u of scope.units.filter((x) => scope.levelUnits.includes(x.code)))
      byUnit.set(u.code, estimateOf(u.id));
  const input: ReportInput = {
    period,
    today: toIsoDate(s.now()),
    dims,
    units: scope.levelUnits,
    persons: facts.persons,
    unitPersons: facts.unitPersons,
    artLinked: facts.artLinked,
    ost: facts.ost,
    referrals: facts.referrals,
    overdoses: facts.overdoses,
    cascade: facts.cascade,
    estimates: { total: estimateOf(scope.root.id), byUnit },
    targets: await targetsFor(s.db, scope.root.id, period),
    package: settings.package,
    levels: settings.levels,
  };
  const computed = computeReport(input);
  // Indicators not asked for were computed from facts left out: never shown.
  const asked = options.indicators ? new Set(options.indicators) : null;
  let values: ReportValue[] = asked ? computed.values.filter((v) => asked.has(v.indicator)) : computed.values;
  if (threshold !== null) {
    // The finest table of the unit asked for (and of each unit of the breakdown, when there is one):
    // every breakdown of the same unit and period then hides the same cells.
    const cubes = [CUBE, ...(unitDim ? [[unitDim, ...CUBE]] : [])].flatMap(
      (cubeDims) => computeReport({ ...input, dims: cubeDims }).values,
    );
    let lattice = latticeSuppression(cubes, threshold);
    // Counts of events add up across months and units (and new people across an organisation's
    // months): theirs is the year's pattern over the tree (event-pattern.ts), so that a quarter minus
    // two of its months gives nothing back; they leave in total and by org unit only (core's
    // event-suppression.ts says why).
    values = values.filter(publishedWhenSuppressed);
    if (!asked || [...asked].some((id) => EVENT_COUNTS.has(id) || id === NEW_PEOPLE)) {
      const year = Number(period.start.slice(0, 4));
      const key = `${year}|${threshold}`;
      let events = memo?.events.get(key);
      if (!events) {
        events = eventPattern(s, year, threshold);
        memo?.events.set(key, events);
      }
      lattice = withEventPattern(lattice, await events, scope.root.code, period);
    }
    values = suppressReport(
      values,
      computed.counts,
      dims.map((d) => d.key),
      threshold,
      lattice,
    );
  }
  return {
    report: makeReport(period, scope.root.code, s.now().toISOString(), values, threshold),
    counts: computed.counts,
    facts,
    levelUnits: scope.levelUnits,
  };
}
