/**
 * Rights trends for advocates and managers: cases by violation, perpetrator and month as charts, with
 * the shadow-report table to download. Advocates and donors see only consented cases, small cells hidden.
 */

import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get } from '../../shared/api.js';
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

export function RightsTrendsPage() {
  const { t } = useI18n();
  const year = new Date().getFullYear();
  const [units, setUnits] = useState<PickableUnit[]>([]);
  const [q, setQ] = useState({ orgUnit: '', from: `${year}-01`, to: new Date().toISOString().slice(0, 7) });
  const [trends, setTrends] = useState<Trends | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void get<{ units: PickableUnit[] }>('/org-units').then((r) => {
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
    get<{ trends: Trends }>(`/rights/trends?orgUnit=${q.orgUnit}&from=${q.from}&to=${q.to}`)
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
          <div className="chart-grid">
            <Chart
              label={t('rights.byViolation')}
              option={bars(
                t('rights.byViolation'),
                Object.entries(trends.byViolation).map(([k, v]) => [t(`violation.${k}`), v]),
                PALETTE[0]!,
              )}
            />
            <Chart
              label={t('rights.byPerpetrator')}
              option={bars(
                t('rights.byPerpetrator'),
                Object.entries(trends.byPerpetrator).map(([k, v]) => [t(`perpetrator.${k}`), v]),
                PALETTE[1]!,
              )}
            />
            <Chart
              label={t('rights.byMonth')}
              option={bars(t('rights.byMonth'), Object.entries(trends.byMonth), PALETTE[2]!)}
            />
            <Chart
              label={t('rights.byOutcome')}
              option={bars(
                t('rights.byOutcome'),
                Object.entries(trends.byOutcome).map(([k, v]) => [t(`outcome.${k}`), v]),
                PALETTE[3]!,
              )}
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
