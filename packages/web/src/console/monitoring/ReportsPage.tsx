/**
 * Every indicator for a unit and period, broken down as the M&E officer chooses, on screen and as
 * CSV, XLSX, a PDF donor report, DHIS2 dataValueSets or ADX. The files come from the same report.
 */

import { useEffect, useId, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, download, getUndeclared } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Notice, PageTitle } from '../../shared/ui.js';
import { useSession } from '../session.js';
import { type HarbourReport, periodLabel, reportQuery } from './monitoring.js';
import { CrossTable, FlatTable, useValueName } from './ReportTables.js';
import { type Scope, ScopePicker, useScope, useUnits } from './ScopePicker.js';

const FORMATS = ['csv', 'xlsx', 'pdf', 'dhis2', 'adx'] as const;
const PAGE = 200;

interface Breakdown {
  sex: boolean;
  age: '' | 'gf' | 'gam' | 'fine';
  kp: boolean;
  level: string;
  suppress: boolean;
  threshold: string;
}

export function disaggregateParam(b: Breakdown): string {
  return [
    b.sex ? 'sex' : '',
    b.age ? `age:${b.age}` : '',
    b.kp ? 'kp' : '',
    b.level ? `orgUnit:${b.level}` : '',
  ]
    .filter(Boolean)
    .join(',');
}

/**
 * With two dimensions, the two one-dimension breakdowns as well: they give the cross-tab its row and
 * column totals as the server counts them (people once each), never sums of cells.
 */
export function marginBreakdowns(b: Breakdown): Breakdown[] {
  const none: Breakdown = { ...b, sex: false, age: '', kp: false, level: '' };
  const one: Breakdown[] = [
    ...(b.sex ? [{ ...none, sex: true }] : []),
    ...(b.age ? [{ ...none, age: b.age }] : []),
    ...(b.kp ? [{ ...none, kp: true }] : []),
    ...(b.level ? [{ ...none, level: b.level }] : []),
  ];
  return one.length === 2 ? one : [];
}

/** A day ('2026-01-01') in the user's language. */
export const dayLabel = (day: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

/** The report request for a scope and breakdown; exact-reading roles may ask for suppression, others always get it. */
export function reportParams(s: Scope, b: Breakdown, exact: boolean, format?: string): string {
  return reportQuery({
    period: s.period,
    orgUnit: s.orgUnit,
    disaggregate: disaggregateParam(b),
    suppress: exact && b.suppress ? b.threshold : undefined,
    format,
  });
}

export function ReportsPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const id = useId();
  const units = useUnits();
  const [scope, setScope] = useScope(units);
  const exact = can('report.read');
  const [form, setForm] = useState<Breakdown>({
    sex: false,
    age: '',
    kp: false,
    level: '',
    suppress: false,
    threshold: '5',
  });
  const [applied, setApplied] = useState<Breakdown>(form);
  const [report, setReport] = useState<HarbourReport | null>(null);
  const [margins, setMargins] = useState<HarbourReport['values']>([]);
  // The breakdown of the report on screen (not of the one being fetched).
  const [shown, setShown] = useState<Breakdown>(form);
  const name = useValueName(units);
  const [fetching, setFetching] = useState<string | null>(null);
  const [downloadProblem, setDownloadProblem] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [indicator, setIndicator] = useState('');
  const [page, setPage] = useState(0);

  useEffect(() => {
    if (!scope) return;
    let live = true;
    setBusy(true);
    setProblem(null);
    Promise.all(
      [applied, ...marginBreakdowns(applied)].map((b) =>
        getUndeclared<HarbourReport>(`/reports?${reportParams(scope, b, exact)}`),
      ),
    )
      .then(([r, ...margins]) => {
        if (live && r) {
          setReport(r);
          setShown(applied);
          setMargins(
            margins.flatMap((m) => m.values.filter((v) => Object.keys(v.disaggregation).length === 1)),
          );
          setPage(0);
        }
      })
      .catch((err) => {
        if (!live) return;
        setReport(null);
        setProblem(err instanceof ApiError ? localiseProblem(t, err) : t('app.serverUnreachable'));
      })
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [scope, applied, exact, t]);

  const chosen = units.find((u) => u.code === scope?.orgUnit);
  const levels = useMemo(() => {
    const below = units.filter((u) => chosen && u.level >= chosen.level);
    return [...new Map(below.map((u) => [u.level, u.levelName])).entries()].sort((a, b) => a[0] - b[0]);
  }, [units, chosen]);

  const dims = useMemo(
    () => [...new Set(report?.values.flatMap((v) => Object.keys(v.disaggregation)) ?? [])],
    [report],
  );
  const crossDims = useMemo(() => {
    const chosen = [
      shown.sex && 'sex',
      shown.age && 'age',
      shown.kp && 'kp',
      shown.level && 'orgUnit',
    ].filter((d): d is string => Boolean(d));
    return chosen.length === 2 ? (chosen as [string, string]) : null;
  }, [shown]);
  const rows = useMemo(
    () => (report?.values ?? []).filter((v) => !indicator || v.indicator === indicator),
    [report, indicator],
  );
  const ids = useMemo(() => [...new Set(report?.values.map((v) => v.indicator) ?? [])], [report]);
  const set = <K extends keyof Breakdown>(k: K, v: Breakdown[K]) => setForm({ ...form, [k]: v });

  return (
    <section>
      <PageTitle>{t('reports.title')}</PageTitle>
      <p>{t('reports.intro')}</p>
      {scope && (
        <ScopePicker
          units={units}
          scope={scope}
          busy={busy}
          onChange={(s) => {
            setScope(s);
            setApplied(form);
          }}
        >
          <fieldset className="breakdowns">
            <legend>{t('reports.breakdown')}</legend>
            <label className="tick">
              <input type="checkbox" checked={form.sex} onChange={(e) => set('sex', e.target.checked)} />
              {t('reports.bySex')}
            </label>
            <label className="tick">
              <input type="checkbox" checked={form.kp} onChange={(e) => set('kp', e.target.checked)} />
              {t('reports.byKp')}
            </label>
            <div className="field">
              <label htmlFor={`${id}-age`}>{t('reports.byAge')}</label>
              <select
                id={`${id}-age`}
                value={form.age}
                onChange={(e) => set('age', e.target.value as Breakdown['age'])}
              >
                <option value="">{t('reports.none')}</option>
                <option value="gf">{t('reports.ageGf')}</option>
                <option value="gam">{t('reports.ageGam')}</option>
                <option value="fine">{t('reports.ageFine')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-level`}>{t('reports.byUnit')}</label>
              <select id={`${id}-level`} value={form.level} onChange={(e) => set('level', e.target.value)}>
                <option value="">{t('reports.none')}</option>
                {levels.map(([level, name]) => (
                  <option key={level} value={level}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
          {exact ? (
            <fieldset className="breakdowns">
              <legend>{t('reports.sharing')}</legend>
              <label className="tick">
                <input
                  type="checkbox"
                  checked={form.suppress}
                  onChange={(e) => set('suppress', e.target.checked)}
                />
                {t('reports.suppressForSharing')}
              </label>
              {form.suppress && (
                <div className="field">
                  <label htmlFor={`${id}-k`}>{t('reports.threshold')}</label>
                  <input
                    id={`${id}-k`}
                    type="number"
                    min={2}
                    max={100}
                    value={form.threshold}
                    onChange={(e) => set('threshold', e.target.value)}
                  />
                </div>
              )}
            </fieldset>
          ) : null}
        </ScopePicker>
      )}
      {problem && <Notice kind="error">{problem}</Notice>}
      {report && scope && (
        <>
          <h2>
            {t('reports.heading', {
              unit: chosen?.name ?? report.orgUnit,
              period: periodLabel(report.period.id, locale),
            })}
          </h2>
          <p>
            {t('reports.range', {
              start: dayLabel(report.period.start, locale),
              end: dayLabel(report.period.end, locale),
            })}{' '}
            {t('reports.generated', {
              at: new Date(report.generatedAt).toLocaleString(locale),
            })}
          </p>
          {report.suppression && (
            <Notice kind="info">{t('monitoring.suppressed', { k: report.suppression.threshold })}</Notice>
          )}
          <nav className="downloads" aria-label={t('reports.download')}>
            <span>{t('reports.download')}:</span>
            {FORMATS.map((f) => {
              const path = `/reports?${reportParams(scope, shown, exact, f)}`;
              return (
                <a
                  key={f}
                  href={`/api/v1${path}`}
                  download
                  aria-busy={fetching === f || undefined}
                  onClick={(e) => {
                    // Fetched first, so a refusal (no DHIS2 mapping yet, …) is said here, not saved as the file.
                    e.preventDefault();
                    setFetching(f);
                    setDownloadProblem(null);
                    download(path)
                      .catch((err) =>
                        setDownloadProblem(
                          err instanceof ApiError ? localiseProblem(t, err) : t('app.serverUnreachable'),
                        ),
                      )
                      .finally(() => setFetching(null));
                  }}
                >
                  {t(`reports.format.${f}`)}
                </a>
              );
            })}
          </nav>
          {fetching && <p role="status">{t('reports.preparing')}</p>}
          {downloadProblem && <Notice kind="error">{downloadProblem}</Notice>}
          <div className="field field--inline">
            <label htmlFor={`${id}-filter`}>{t('reports.indicator')}</label>
            <select
              id={`${id}-filter`}
              value={indicator}
              onChange={(e) => {
                setIndicator(e.target.value);
                setPage(0);
              }}
            >
              <option value="">{t('reports.allIndicators', { n: ids.length })}</option>
              {ids.map((i) => (
                <option key={i} value={i}>
                  {t(`indicator.${i}`)}
                </option>
              ))}
            </select>
          </div>
          {crossDims && (
            <CrossTable
              values={[...report.values, ...margins]}
              indicator={indicator || 'reached'}
              dims={crossDims}
              name={name}
            />
          )}
          <FlatTable rows={rows.slice(page * PAGE, (page + 1) * PAGE)} dims={dims} name={name} />
          {rows.length > PAGE && (
            <div className="pager">
              <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
                {t('common.previous')}
              </button>
              <span>
                {t('reports.rows', {
                  from: page * PAGE + 1,
                  to: Math.min(rows.length, (page + 1) * PAGE),
                  n: rows.length,
                })}
              </span>
              <button
                type="button"
                disabled={(page + 1) * PAGE >= rows.length}
                onClick={() => setPage(page + 1)}
              >
                {t('common.next')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
