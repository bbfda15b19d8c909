/**
 * Rights trends for advocates and managers: cases by violation, perpetrator and month as charts, with
 * the shadow-report table to download. Advocates and donors see only consented cases, small cells hidden.
 */

import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, getUndeclared } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { OrgUnitSelect, type PickableUnit } from '../../shared/OrgUnitSelect.js';
import { Field, Notice, PageTitle } from '../../shared/ui.js';
import { Chart } from '../monitoring/Chart.js';
import { PALETTE } from '../monitoring/chart-options.js';

type Cell = number | string;
interface Trends {
  cases: Cell;
  byViolation: Record<string, Cell>;
  byPerpetrator: Record<string, Cell>;
  byPlace: Record<string, Cell>;
  byMonth: Record<string, Cell>;
  responded: Cell;
  byOutcome: Record<string, Cell>;
  suppression: { threshold: number } | null;
}

const num = (c: Cell) => (typeof c === 'number' ? c : 0);

function bars(title: string, entries: [string, Cell][], colour: string) {
  return {
    // No growing bars: the chart is read, printed and screenshotted as it is.
    animation: false,
    aria: { enabled: true },
    title: { text: title, textStyle: { fontSize: 14 } },
    grid: { left: 160, right: 24, top: 36, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: entries.map(([k]) => k), inverse: true },
    series: [
      {
        type: 'bar',
        data: entries.map(([, v]) => num(v)),
        itemStyle: { color: colour },
        label: {
          show: true,
          position: 'right',
          formatter: (p: { dataIndex: number }) => String(entries[p.dataIndex]![1]),
        },
      },
    ],
  };
}

/**
 * A chart with its title always shown; when there is nothing to draw (no cases, or every count hidden
 * as a small number) it says so in words instead of drawing empty axes.
 */
function TrendChart({
  title,
  entries,
  colour,
  hiddenBelow,
}: {
  title: string;
  entries: [string, Cell][];
  colour: string;
  hiddenBelow: number | null;
}) {
  const { t } = useI18n();
  const drawn = entries.filter(([, v]) => typeof v === 'number' && v > 0);
  if (drawn.length > 0) return <Chart label={title} option={bars(title, entries, colour)} />;
  const allHidden = hiddenBelow !== null && entries.some(([, v]) => typeof v === 'string');
  return (
    <figure className="chart chart--empty">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <p>
        {allHidden
          ? t('rights.chartHidden', { k: hiddenBelow })
          : hiddenBelow !== null
            ? t('rights.chartNoneShared')
            : t('rights.chartNone')}
      </p>
    </figure>
  );
}

/** Whether a range of months is a month, a calendar quarter or a calendar year (what may leave the programme). */
function standardPeriod(from: string, to: string): boolean {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  if (fy !== ty || fm === undefined || tm === undefined) return false;
  return fm === tm || (fm % 3 === 1 && tm === fm + 2) || (fm === 1 && tm === 12);
}

export function RightsTrendsPage() {
  const { t } = useI18n();
  const year = new Date().getFullYear();
  const [units, setUnits] = useState<PickableUnit[]>([]);
  // This calendar year: a period whose figures may also leave the programme (see standardPeriod).
  const [q, setQ] = useState({ orgUnit: '', from: `${year}-01`, to: `${year}-12` });
  const [trends, setTrends] = useState<Trends | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void get('/org-units').then((r) => {
      setUnits(r.units);
      const codes = new Set(r.units.map((u) => u.code));
      const top = r.units.find(
        (u) =>
          !u.parentId ||
          !r.units.some((p) => p.code !== u.code && codes.has(p.code) && p.code === u.parentId),
      );
      setQ((x) => ({ ...x, orgUnit: x.orgUnit || (top ?? r.units[0])?.code || '' }));
    });
  }, []);
  useEffect(() => {
    if (!q.orgUnit) return;
    setError(null);
    getUndeclared<{ trends: Trends }>(`/rights/trends?orgUnit=${q.orgUnit}&from=${q.from}&to=${q.to}`)
      .then((r) => setTrends(r.trends))
      .catch((e) => setError(e instanceof ApiError ? localiseProblem(t, e) : String(e)));
  }, [q, t]);
  const file = (format: string) =>
    `/api/v1/rights/trends?orgUnit=${q.orgUnit}&from=${q.from}&to=${q.to}&format=${format}`;
  return (
    <section>
      <PageTitle>{t('rights.trendsTitle')}</PageTitle>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <OrgUnitSelect
          label={t('rights.orgUnit')}
          units={units}
          value={q.orgUnit}
          onChange={(orgUnit) => setQ({ ...q, orgUnit })}
        />
        <Field
          label={t('rights.from')}
          type="month"
          value={q.from}
          onChange={(e) => setQ({ ...q, from: e.target.value })}
        />
        <Field
          label={t('rights.to')}
          type="month"
          value={q.to}
          onChange={(e) => setQ({ ...q, to: e.target.value })}
        />
      </form>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {trends ? (
        <>
          <p>
            {t('rights.trendsSummary', { cases: String(trends.cases), responded: String(trends.responded) })}{' '}
            {trends.suppression
              ? t('rights.suppressed', { k: trends.suppression.threshold })
              : t('rights.exact')}
          </p>
          {standardPeriod(q.from, q.to) ? (
            <p>
              <a href={file('csv')} download>
                {t('rights.downloadCsv')}
              </a>{' '}
              ·{' '}
              <a href={file('xlsx')} download>
                {t('rights.downloadXlsx')}
              </a>{' '}
              ·{' '}
              <a href={file('pdf')} download>
                {t('rights.downloadPdf')}
              </a>
            </p>
          ) : (
            // Files leave the programme, suppressed: like every such figure, for a month, quarter or year.
            <p className="field__hint">{t('rights.periodHint')}</p>
          )}
          <div className="chart-grid">
            <TrendChart
              title={t('rights.byViolation')}
              entries={Object.entries(trends.byViolation).map(([k, v]) => [t(`violation.${k}`), v])}
              colour={PALETTE[0]!}
              hiddenBelow={trends.suppression?.threshold ?? null}
            />
            <TrendChart
              title={t('rights.byPerpetrator')}
              entries={Object.entries(trends.byPerpetrator).map(([k, v]) => [t(`perpetrator.${k}`), v])}
              colour={PALETTE[1]!}
              hiddenBelow={trends.suppression?.threshold ?? null}
            />
            <TrendChart
              title={t('rights.byMonth')}
              entries={Object.entries(trends.byMonth)}
              colour={PALETTE[2]!}
              hiddenBelow={trends.suppression?.threshold ?? null}
            />
            <TrendChart
              title={t('rights.byOutcome')}
              entries={Object.entries(trends.byOutcome).map(([k, v]) => [t(`outcome.${k}`), v])}
              colour={PALETTE[3]!}
              hiddenBelow={trends.suppression?.threshold ?? null}
            />
          </div>
          <table>
            <caption>{t('rights.byViolation')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rights.violation')}</th>
                <th scope="col">{t('rights.cases')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(trends.byViolation).map(([k, v]) => (
                <tr key={k}>
                  <td>{t(`violation.${k}`)}</td>
                  <td>{String(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
