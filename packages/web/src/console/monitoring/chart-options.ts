/**
 * The dashboard's charts as ECharts options, built from the dashboard data and nothing else, so the
 * same numbers appear in the chart, its table and the exports. Pure: no DOM, testable in Node.
 * Suppressed values ("<5") are gaps, never zeros; each chart has a table of the exact values beside it.
 */

import type { Translate } from '../../i18n/i18n.js';
import {
  type Boundaries,
  type Dashboard,
  type DashboardMonth,
  drawable,
  monthLabel,
  total,
} from './monitoring.js';

// Colour-blind-safe (Okabe–Ito) and distinct in greyscale print.
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'];
export const LEVEL_COLOURS = { low: '#D55E00', medium: '#E69F00', high: '#009E73', none: '#c8c8c8' };

type Option = Record<string, unknown>;

const base = (extra: Option): Option => ({
  animation: false,
  color: PALETTE,
  // Decal patterns tell series apart without colour (greyscale print, colour blindness).
  aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
  tooltip: { trigger: 'axis' },
  legend: { top: 0, left: 0 },
  grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
  textStyle: { fontFamily: 'system-ui, sans-serif' },
  ...extra,
});

const monthAxis = (months: DashboardMonth[], locale: string) => ({
  type: 'category',
  data: months.map((m) => monthLabel(m.month, locale)),
  axisLabel: { hideOverlap: true },
});

export function reachedOption(d: Dashboard, t: Translate, locale: string): Option {
  const returning = d.months.map((m) => {
    const r = drawable(m.reached);
    const n = drawable(m.reachedNew);
    return r !== null && n !== null ? r - n : null;
  });
  return base({
    xAxis: monthAxis(d.months, locale),
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('dashboard.new'),
        type: 'bar',
        stack: 'reached',
        data: d.months.map((m) => drawable(m.reachedNew)),
      },
      { name: t('dashboard.returning'), type: 'bar', stack: 'reached', data: returning },
    ],
  });
}

export function syringesOption(d: Dashboard, t: Translate, locale: string): Option {
  return base({
    xAxis: monthAxis(d.months, locale),
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('dashboard.distributed'), type: 'bar', data: d.months.map((m) => drawable(m.syringes)) },
      { name: t('dashboard.returned'), type: 'bar', data: d.months.map((m) => drawable(m.returned)) },
    ],
  });
}

export function ostOption(d: Dashboard, t: Translate, locale: string): Option {
  return base({
    xAxis: monthAxis(d.months, locale),
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('dashboard.ostActive'),
        type: 'line',
        connectNulls: false,
        data: d.months.map((m) => drawable(m.ostActive)),
      },
      { name: t('dashboard.ostNew'), type: 'bar', data: d.months.map((m) => drawable(m.ostNew)) },
    ],
  });
}

export function naloxoneOption(d: Dashboard, t: Translate, locale: string): Option {
  return base({
    xAxis: monthAxis(d.months, locale),
    // Kits and reversals differ by an order of magnitude: reversals get their own axis on the far side.
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: t('dashboard.kits'), type: 'bar', data: d.months.map((m) => drawable(m.naloxoneKits)) },
      {
        name: t('dashboard.reversals'),
        type: 'line',
        yAxisIndex: 1,
        data: d.months.map((m) => drawable(m.reversals)),
      },
    ],
  });
}

export function referralsOption(d: Dashboard, t: Translate, locale: string): Option {
  return base({
    xAxis: monthAxis(d.months, locale),
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('dashboard.referralsMade'),
        type: 'bar',
        data: d.months.map((m) => drawable(m.referralsMade)),
      },
      {
        name: t('dashboard.referralsCompleted'),
        type: 'bar',
        data: d.months.map((m) => drawable(m.referralsCompleted)),
      },
    ],
  });
}

/** Syringes per PWID per year by org unit, with the WHO bands drawn as lines. */
export function coverageOption(d: Dashboard, t: Translate): Option {
  const [low, high] = d.levels.nsp;
  const units = [...d.units].reverse(); // ECharts draws a category y-axis bottom-up
  return base({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { show: false },
    xAxis: {
      type: 'value',
      name: t('dashboard.perPwidYear'),
      nameLocation: 'middle',
      nameGap: 28,
      // Always show the high band, so a low bar reads as low.
      max: ({ max }: { max: number }) => Math.ceil(Math.max(max, high * 1.1) / 50) * 50,
    },
    yAxis: { type: 'category', data: units.map((u) => u.name) },
    series: [
      {
        name: t('indicator.nsp.per_pwid_year'),
        type: 'bar',
        data: units.map((u) => ({
          value: drawable(u.nspPerPwidYear),
          itemStyle: { color: LEVEL_COLOURS[levelOf(u.nspLevel)] },
        })),
        label: {
          show: true,
          position: 'right',
          formatter: ({ value }: { value: number | null }) => (value === null ? '' : Math.round(value)),
        },
        markLine: {
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#333' },
          label: { formatter: '{b}', position: 'end', fontSize: 11 },
          data: [
            { xAxis: low, name: t('dashboard.levelMedium', { value: low }) },
            { xAxis: high, name: t('dashboard.levelHigh', { value: high }) },
          ],
        },
      },
    ],
  });
}

/**
 * The cascade among clients as shares of those diagnosed, beside 95-95-95 read the same way: of people
 * who know their status, 95% on treatment and 95% of those suppressed (90.25% of the diagnosed).
 */
export function cascadeOption(d: Dashboard, t: Translate): Option {
  const diagnosed = drawable(total(d.report, 'cascade.diagnosed'));
  const share = (id: string) => {
    const v = drawable(total(d.report, id));
    return diagnosed && v !== null ? Math.round((v / diagnosed) * 1000) / 10 : null;
  };
  return base({
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
    xAxis: {
      type: 'category',
      data: [t('dashboard.cascadeDiagnosed'), t('dashboard.cascadeOnArt'), t('dashboard.cascadeSuppressed')],
    },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('dashboard.programme'),
        type: 'bar',
        data: [diagnosed ? 100 : null, share('cascade.on_art'), share('cascade.suppressed')],
        label: { show: true, position: 'top', formatter: '{c}%' },
      },
      {
        name: t('dashboard.target959595'),
        type: 'bar',
        data: [100, 95, 90.3],
        label: { show: true, position: 'top', formatter: '{c}%' },
      },
    ],
  });
}

/** Achievement against each target set for this unit and period, with 100% drawn as a line. */
export function targetsOption(d: Dashboard, t: Translate): Option | null {
  const rows = achievements(d);
  if (rows.length === 0) return null;
  const shown = [...rows].reverse();
  return base({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { show: false },
    xAxis: {
      type: 'value',
      axisLabel: { formatter: '{value}%' },
      max: ({ max }: { max: number }) => Math.max(120, Math.ceil(max / 20) * 20),
    },
    yAxis: { type: 'category', data: shown.map((r) => t(`indicator.${r.indicator}`)) },
    series: [
      {
        name: t('indicator.targets.achievement'),
        type: 'bar',
        data: shown.map((r) => (r.achievement === null ? null : Math.round(r.achievement * 1000) / 10)),
        label: { show: true, position: 'right', formatter: '{c}%' },
        markLine: {
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#333' },
          data: [{ xAxis: 100 }],
          label: { show: false },
        },
      },
    ],
  });
}

/** The report's targets.achievement rows: one per indicator with a target. */
export function achievements(
  d: Dashboard,
): { indicator: string; achievement: number | null; raw: unknown }[] {
  return d.report.values
    .filter((v) => v.indicator === 'targets.achievement' && v.disaggregation.indicator)
    .map((v) => ({ indicator: v.disaggregation.indicator!, achievement: drawable(v.value), raw: v.value }));
}

export function levelOf(v: unknown): 'low' | 'medium' | 'high' | 'none' {
  return v === 'low' || v === 'medium' || v === 'high' ? v : 'none';
}

/** The coverage map: each unit coloured by its WHO NSP level, from boundaries kept in Harbour. */
export function mapOption(d: Dashboard, mapName: string, t: Translate, locale: string): Option {
  const fmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  return {
    animation: false,
    aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; data?: { unit?: string; per?: number | null; level?: string } }) =>
        `${p.data?.unit ?? p.name}: ${p.data?.per === null || p.data?.per === undefined ? '—' : fmt.format(p.data.per)} (${t(`level.${p.data?.level ?? 'none'}`)})`,
    },
    series: [
      {
        type: 'map',
        map: mapName,
        nameProperty: 'code',
        roam: false,
        label: {
          show: true,
          formatter: (p: { data?: { unit?: string } }) => p.data?.unit ?? '',
          fontSize: 12,
          fontWeight: 'bold',
          color: '#16202a',
          textBorderColor: '#fff',
          textBorderWidth: 3,
        },
        emphasis: { label: { show: true } },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        data: d.units.map((u) => ({
          name: u.code,
          unit: u.name,
          per: drawable(u.nspPerPwidYear),
          level: levelOf(u.nspLevel),
          value: drawable(u.nspPerPwidYear),
          itemStyle: { areaColor: LEVEL_COLOURS[levelOf(u.nspLevel)] },
        })),
      },
    ],
  };
}

/** Units with a boundary, for the map's note on what it cannot show. */
export function unitsWithoutBoundary(d: Dashboard, boundaries: Boundaries): string[] {
  const have = new Set(boundaries.features.map((f) => f.properties.code));
  return d.units.filter((u) => !have.has(u.code)).map((u) => u.name);
}
