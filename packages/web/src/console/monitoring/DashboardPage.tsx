/**
 * The monitoring dashboard: key figures, twelve months of trends, coverage against the WHO levels
 * (as bars and as a map), the HIV cascade beside 95-95-95, and data quality. Every number comes from
 * the same report as the exports; suppressed cells ("<5") are gaps in charts and shown as such in tables.
 */

import { addDays, dashboardSchema, type SiteSummary } from '@harbour/core';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Link } from '../../shared/router.js';
import { Notice, PageTitle } from '../../shared/ui.js';
import { SitesTable } from '../scorecards/SitesTable.js';
import { useSession } from '../session.js';
import { Chart, type MapSource } from './Chart.js';
import {
  achievements,
  cascadeOption,
  coverageOption,
  LEVEL_COLOURS,
  levelOf,
  mapOption,
  naloxoneOption,
  ostOption,
  reachedOption,
  referralsOption,
  syringesOption,
  targetsOption,
} from './chart-options.js';
import {
  type Boundaries,
  type Dashboard,
  type DashboardMonth,
  formatValue,
  monthLabel,
  periodLabel,
  reportQuery,
  total,
  type Value,
} from './monitoring.js';
import { ScopePicker, useScope, useUnits } from './ScopePicker.js';

const KEY_FIGURES: { id: string; level?: string }[] = [
  { id: 'reached' },
  { id: 'reached.new' },
  { id: 'nsp.syringes' },
  { id: 'nsp.per_pwid_year', level: 'nsp.level' },
  { id: 'ost.active' },
  { id: 'ost.coverage', level: 'ost.level' },
  { id: 'hts.tested' },
  { id: 'art.linked' },
  { id: 'naloxone.kits' },
  { id: 'naloxone.reversals' },
  { id: 'overdose.events' },
  { id: 'overdose.deaths' },
  { id: 'referrals.completion_rate' },
  { id: 'ost.retention_6m' },
];

export function DashboardPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const units = useUnits();
  const [scope, setScope] = useScope(units);
  const [data, setData] = useState<Dashboard | null>(null);
  const [boundaries, setBoundaries] = useState<Boundaries | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!scope) return;
    let live = true;
    setBusy(true);
    setProblem(null);
    get(`/dashboard?${reportQuery({ ...scope })}`)
      // Read through core's schema: it types the report the contract passes whole (zod `custom`).
      .then((answer) => dashboardSchema.parse(answer))
      .then(async (d) => {
        const b = d.map
          ? await get(`/org-units/boundaries?${reportQuery({ within: d.orgUnit, level: d.map.level })}`)
          : null;
        // Set together, and only if the user has not asked for another scope meanwhile.
        if (!live) return;
        setData(d);
        setBoundaries(b);
      })
      .catch((err) => {
        if (!live) return;
        setData(null);
        setProblem(err instanceof ApiError ? localiseProblem(t, err) : t('app.serverUnreachable'));
      })
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [scope, t]);

  return (
    <section className="dashboard">
      <PageTitle>{t('dashboard.title')}</PageTitle>
      {scope && <ScopePicker units={units} scope={scope} onChange={setScope} busy={busy} />}
      {busy && (
        <p role="status" className="loading">
          {t('app.loading')}
        </p>
      )}
      {problem && <Notice kind="error">{problem}</Notice>}
      {data && (
        <DashboardBody
          data={data}
          boundaries={boundaries}
          locale={locale}
          unitName={units.find((u) => u.code === data.orgUnit)?.name ?? data.orgUnit}
        />
      )}
      {(can('scorecard.read') || can('scorecard.manage')) && <Scorecards />}
    </section>
  );
}

/** The sites' community scorecards, where those who read them look first. */
function Scorecards() {
  const { t } = useI18n();
  const [sites, setSites] = useState<SiteSummary[] | null>(null);
  useEffect(() => {
    get('/scorecards/sites')
      .then((r) => setSites(r.sites))
      .catch(() => setSites([]));
  }, []);
  return (
    <section aria-labelledby="dashboard-scorecards">
      <h2 id="dashboard-scorecards">{t('scorecards.title')}</h2>
      <SitesTable sites={sites} />
    </section>
  );
}

function DashboardBody({
  data,
  boundaries,
  locale,
  unitName,
}: {
  data: Dashboard;
  boundaries: Boundaries | null;
  locale: string;
  unitName: string;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const options = useMemo(
    () => ({
      reached: reachedOption(data, t, locale),
      syringes: syringesOption(data, t, locale),
      ost: ostOption(data, t, locale),
      naloxone: naloxoneOption(data, t, locale),
      referrals: referralsOption(data, t, locale),
      coverage: coverageOption(data, t),
      cascade: cascadeOption(data, t),
      targets: targetsOption(data, t),
    }),
    [data, t, locale],
  );
  const map = useMemo<{ source: MapSource; option: Record<string, unknown> } | null>(() => {
    if (!boundaries || boundaries.features.length === 0) return null;
    const name = `harbour-${data.orgUnit}-${data.map?.level}`;
    return { source: { name, geoJSON: boundaries }, option: mapOption(data, name, t, locale) };
  }, [boundaries, data, t, locale]);
  const v = (id: string) => total(data.report, id);
  const months = (key: keyof DashboardMonth) => data.months.map((m) => m[key] as Value);

  return (
    <>
      <p className="dashboard__scope">
        {t('dashboard.scope', {
          unit: unitName,
          period: periodLabel(data.period.id, locale),
          start: data.period.start,
          end: data.period.end,
        })}{' '}
        <button type="button" onClick={() => window.print()} className="no-print">
          {t('dashboard.print')}
        </button>{' '}
        {can('report.read') || can('report.read.suppressed') ? (
          <Link
            className="no-print"
            href={`/console/reports?${reportQuery({ orgUnit: data.orgUnit, period: data.period.id })}`}
          >
            {t('dashboard.toReports')}
          </Link>
        ) : null}
      </p>
      {data.suppression && (
        <Notice kind="info">{t('monitoring.suppressed', { k: data.suppression.threshold })}</Notice>
      )}

      <h2 className="visually-hidden">{t('dashboard.keyFigures')}</h2>
      <dl className="key-figures">
        {KEY_FIGURES.map((f) => (
          <div key={f.id} className="key-figure">
            <dt>{t(`indicator.${f.id}`)}</dt>
            <dd>
              <span className="key-figure__value">{formatValue(v(f.id), f.id, locale)}</span>
              {f.level && <LevelBadge level={v(f.level)} />}
              {f.id === 'ost.retention_6m' && v(f.id) === null && (
                <span className="key-figure__note">
                  {t('dashboard.retentionFrom', { date: addDays(data.period.end, 182) })}
                </span>
              )}
            </dd>
          </div>
        ))}
      </dl>

      <div className="figures">
        <Figure
          title={t('dashboard.reachedTitle')}
          option={options.reached}
          table={
            <MonthTable
              data={data}
              locale={locale}
              columns={[
                [t('indicator.reached'), months('reached')],
                [t('dashboard.new'), months('reachedNew')],
              ]}
            />
          }
        />
        <Figure
          title={t('dashboard.syringesTitle')}
          option={options.syringes}
          table={
            <MonthTable
              data={data}
              locale={locale}
              columns={[
                [t('dashboard.distributed'), months('syringes')],
                [t('dashboard.returned'), months('returned')],
              ]}
            />
          }
        />
        <Figure
          title={t('dashboard.coverageTitle')}
          description={t('dashboard.coverageHint', { low: data.levels.nsp[0], high: data.levels.nsp[1] })}
          option={options.coverage}
          height={Math.max(200, 48 * data.units.length + 80)}
          table={<UnitTable data={data} locale={locale} />}
        />
        <Figure
          title={t('dashboard.mapTitle')}
          description={map ? t('dashboard.mapHint') : t('dashboard.noBoundaries')}
          option={map?.option ?? null}
          map={map?.source}
          height={360}
          legend={<LevelLegend />}
          table={<UnitTable data={data} locale={locale} />}
        />
        {options.targets && (
          <Figure
            title={t('dashboard.targetsTitle')}
            description={t('dashboard.targetsHint')}
            option={options.targets}
            height={Math.max(180, 44 * achievements(data).length + 70)}
            table={<TargetTable data={data} locale={locale} />}
          />
        )}
        <Figure
          title={t('dashboard.cascadeTitle')}
          description={t('dashboard.cascadeHint')}
          option={options.cascade}
          table={<CascadeTable data={data} locale={locale} />}
        />
        <Figure
          title={t('dashboard.ostTitle')}
          description={t('dashboard.ostHint', {
            retention: formatValue(v('ost.retention_6m'), 'ost.retention_6m', locale),
          })}
          option={options.ost}
          table={
            <MonthTable
              data={data}
              locale={locale}
              columns={[
                [t('dashboard.ostActive'), months('ostActive')],
                [t('dashboard.ostNew'), months('ostNew')],
              ]}
            />
          }
        />
        <Figure
          title={t('dashboard.naloxoneTitle')}
          option={options.naloxone}
          table={
            <MonthTable
              data={data}
              locale={locale}
              columns={[
                [t('dashboard.kits'), months('naloxoneKits')],
                [t('dashboard.reversals'), months('reversals')],
              ]}
            />
          }
        />
        <Figure
          title={t('dashboard.referralsTitle')}
          option={options.referrals}
          table={
            <MonthTable
              data={data}
              locale={locale}
              columns={[
                [t('dashboard.referralsMade'), months('referralsMade')],
                [t('dashboard.referralsCompleted'), months('referralsCompleted')],
              ]}
            />
          }
        />
      </div>

      <DataQuality data={data} locale={locale} />
    </>
  );
}

function Figure({
  title,
  description,
  option,
  table,
  height,
  map,
  legend,
}: {
  title: string;
  description?: string;
  option: Record<string, unknown> | null;
  table: ReactNode;
  height?: number;
  map?: MapSource | undefined;
  legend?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <figure className="figure">
      <figcaption>
        <h2>{title}</h2>
        {description && <p>{description}</p>}
      </figcaption>
      {option && (
        <Chart option={option} label={title} {...(height ? { height } : {})} {...(map ? { map } : {})} />
      )}
      {option && legend}
      <details className="figure__numbers" open={!option}>
        <summary>{t('dashboard.showNumbers')}</summary>
        {table}
      </details>
    </figure>
  );
}

function MonthTable({
  data,
  columns,
  locale,
}: {
  data: Dashboard;
  columns: [string, Value[]][];
  locale: string;
}) {
  const { t } = useI18n();
  return (
    <table className="table table--numbers">
      <thead>
        <tr>
          <th scope="col">{t('dashboard.month')}</th>
          {columns.map(([name]) => (
            <th scope="col" key={name}>
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {data.months.map((m, i) => (
          <tr key={m.month}>
            <th scope="row">{monthLabel(m.month, locale)}</th>
            {columns.map(([name, values]) => (
              <td key={name}>{formatValue(values[i], '', locale)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function UnitTable({ data, locale }: { data: Dashboard; locale: string }) {
  const { t } = useI18n();
  return (
    <table className="table table--numbers">
      <thead>
        <tr>
          <th scope="col">{t('monitoring.orgUnit')}</th>
          <th scope="col">{t('indicator.reached')}</th>
          <th scope="col">{t('indicator.estimate.pwid')}</th>
          <th scope="col">{t('indicator.nsp.per_pwid_year')}</th>
          <th scope="col">{t('indicator.nsp.level')}</th>
          <th scope="col">{t('indicator.ost.coverage')}</th>
          <th scope="col">{t('indicator.ost.level')}</th>
        </tr>
      </thead>
      <tbody>
        {data.units.map((u) => (
          <tr key={u.code}>
            <th scope="row">{u.name}</th>
            <td>{formatValue(u.reached, 'reached', locale)}</td>
            <td>{formatValue(u.estimatePwid, 'estimate.pwid', locale)}</td>
            <td>{formatValue(u.nspPerPwidYear, 'nsp.per_pwid_year', locale)}</td>
            <td>{t(`level.${levelOf(u.nspLevel)}`)}</td>
            <td>{formatValue(u.ostCoverage, 'ost.coverage', locale)}</td>
            <td>{t(`level.${levelOf(u.ostLevel)}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CascadeTable({ data, locale }: { data: Dashboard; locale: string }) {
  const { t } = useI18n();
  const rows = ['cascade.tested', 'cascade.diagnosed', 'cascade.on_art', 'cascade.suppressed'];
  return (
    <table className="table table--numbers">
      <tbody>
        {rows.map((id) => (
          <tr key={id}>
            <th scope="row">{t(`indicator.${id}`)}</th>
            <td>{formatValue(total(data.report, id), id, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TargetTable({ data, locale }: { data: Dashboard; locale: string }) {
  const { t } = useI18n();
  return (
    <table className="table table--numbers">
      <thead>
        <tr>
          <th scope="col">{t('reports.indicator')}</th>
          <th scope="col">{t('reports.value')}</th>
          <th scope="col">{t('indicator.targets.achievement')}</th>
        </tr>
      </thead>
      <tbody>
        {achievements(data).map((r) => (
          <tr key={r.indicator}>
            <th scope="row">{t(`indicator.${r.indicator}`)}</th>
            <td>{formatValue(total(data.report, r.indicator), r.indicator, locale)}</td>
            <td>{formatValue(r.raw as Value, 'targets.achievement', locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LevelBadge({ level }: { level: Value }) {
  const { t } = useI18n();
  const l = levelOf(level);
  if (l === 'none') return null;
  return <span className={`level level--${l}`}>{t(`level.${l}`)}</span>;
}

function LevelLegend() {
  const { t } = useI18n();
  return (
    <ul className="level-legend" aria-label={t('dashboard.legend')}>
      {(['low', 'medium', 'high', 'none'] as const).map((l) => (
        <li key={l}>
          <span
            className="level-legend__swatch"
            style={{ background: LEVEL_COLOURS[l] }}
            aria-hidden="true"
          />
          {t(`level.${l}`)}
        </li>
      ))}
    </ul>
  );
}

function DataQuality({ data, locale }: { data: Dashboard; locale: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  const q = data.dataQuality;
  const n = (x: number | string) => formatValue(x, '', locale);
  return (
    <section className="panel data-quality" aria-labelledby="dq-title">
      <h2 id="dq-title">{t('dashboard.dataQuality')}</h2>
      <ul>
        <li>{t('dashboard.missingSex', { n: n(q.missingSex), reached: n(q.reached ?? 0) })}</li>
        <li>{t('dashboard.missingBirthYear', { n: n(q.missingBirthYear), reached: n(q.reached ?? 0) })}</li>
        <li>
          {t('dashboard.duplicatesOpen', { n: q.duplicatesOpen })}{' '}
          {q.duplicatesOpen > 0 && can('client.merge') && (
            <Link href="/console/duplicates">{t('dashboard.reviewDuplicates')}</Link>
          )}
        </li>
        <li>
          {t('dashboard.sitesNotReporting', { n: q.sitesNotReporting.length })}
          {q.sitesNotReporting.length > 0 && (
            <ul>
              {q.sitesNotReporting.map((s) => (
                <li key={s.code}>
                  {s.name} ({s.code})
                </li>
              ))}
            </ul>
          )}
        </li>
      </ul>
    </section>
  );
}
