/**
 * Size estimates (the denominators of coverage) and targets: see what is entered, and import a CSV
 * of either. Bad rows are named with what to fix; the good rows are saved.
 */

import { useCallback, useEffect, useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { RowErrorsTable } from '../../shared/RowErrors.js';
import { Notice, PageTitle } from '../../shared/ui.js';
import { useSession } from '../session.js';
import { formatValue } from './monitoring.js';

interface Estimate {
  orgUnit: string;
  year: number;
  pwid: number;
  pwidOpioid: number | null;
  pwidLower: number | null;
  pwidUpper: number | null;
  source: string | null;
}

interface Target {
  orgUnit: string;
  indicator: string;
  period: string;
  value: number;
}

interface ImportResult {
  saved: number;
  errors: { row: number; column: string; value: string; message: string }[];
}

export function EstimatesPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const [estimates, setEstimates] = useState<Estimate[]>([]);
  const [targets, setTargets] = useState<Target[]>([]);
  const load = useCallback(async () => {
    const [e, g] = await Promise.all([get('/estimates'), get('/targets')]);
    setEstimates(e);
    setTargets(g);
  }, []);
  useEffect(() => {
    void load().catch(() => undefined);
  }, [load]);
  const n = (v: number | null) => formatValue(v, '', locale);

  return (
    <section>
      <PageTitle>{t('estimates.title')}</PageTitle>
      <p>{t('estimates.intro')}</p>

      <h2>{t('estimates.estimates')}</h2>
      {estimates.length === 0 ? (
        <p>{t('estimates.noEstimates')}</p>
      ) : (
        <table className="table table--numbers">
          <thead>
            <tr>
              <th scope="col">{t('monitoring.orgUnit')}</th>
              <th scope="col">{t('estimates.year')}</th>
              <th scope="col">{t('indicator.estimate.pwid')}</th>
              <th scope="col">{t('estimates.bounds')}</th>
              <th scope="col">{t('indicator.estimate.pwid_opioid')}</th>
              <th scope="col">{t('estimates.source')}</th>
            </tr>
          </thead>
          <tbody>
            {estimates.map((e) => (
              <tr key={`${e.orgUnit}-${e.year}`}>
                <th scope="row">{e.orgUnit}</th>
                <td>{e.year}</td>
                <td>{n(e.pwid)}</td>
                <td>
                  {e.pwidLower !== null && e.pwidUpper !== null ? `${n(e.pwidLower)}–${n(e.pwidUpper)}` : '—'}
                </td>
                <td>{n(e.pwidOpioid)}</td>
                <td>{e.source ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can('estimates.manage') && (
        <CsvImport
          path="/estimates/import"
          title={t('estimates.importEstimates')}
          columns="org_unit,year,pwid,pwid_opioid,pwid_lower,pwid_upper,source"
          example={
            'org_unit,year,pwid,pwid_opioid,pwid_lower,pwid_upper,source\nUA-KYIV,2026,14500,10800,11500,18000,IBBS 2025'
          }
          onDone={load}
        />
      )}

      <h2>{t('estimates.targets')}</h2>
      {targets.length === 0 ? (
        <p>{t('estimates.noTargets')}</p>
      ) : (
        <table className="table table--numbers">
          <thead>
            <tr>
              <th scope="col">{t('monitoring.orgUnit')}</th>
              <th scope="col">{t('monitoring.period')}</th>
              <th scope="col">{t('reports.indicator')}</th>
              <th scope="col">{t('estimates.target')}</th>
            </tr>
          </thead>
          <tbody>
            {targets.map((g) => (
              <tr key={`${g.orgUnit}-${g.period}-${g.indicator}`}>
                <th scope="row">{g.orgUnit}</th>
                <td>{g.period}</td>
                <td>{t(`indicator.${g.indicator}`)}</td>
                <td>{formatValue(g.value, g.indicator, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can('targets.manage') && (
        <CsvImport
          path="/targets/import"
          title={t('estimates.importTargets')}
          columns="org_unit,indicator,period,value"
          example={'org_unit,indicator,period,value\nUA-KYIV,reached,2026Q4,1200'}
          onDone={load}
        />
      )}
    </section>
  );
}

function CsvImport({
  path,
  title,
  columns,
  example,
  onDone,
}: {
  path: '/estimates/import' | '/targets/import';
  title: string;
  columns: string;
  example: string;
  onDone(): Promise<void>;
}) {
  const { t } = useI18n();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    try {
      const r = await post(path, { csv: await file.text() });
      setResult(r);
      await onDone();
    } catch (err) {
      setResult(null);
      setProblem(err instanceof ApiError ? localiseProblem(t, err) : t('app.serverUnreachable'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="panel">
      <h3>{title}</h3>
      <p id={`${id}-hint`}>
        {t('estimates.columns')} <code>{columns}</code>
      </p>
      <details>
        <summary>{t('estimates.example')}</summary>
        <pre>{example}</pre>
      </details>
      <label htmlFor={`${id}-file`}>{t('estimates.file')}</label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".csv,text/csv"
        aria-describedby={`${id}-hint`}
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
      />
      <button type="button" className="primary" disabled={!file || busy} onClick={() => void run()}>
        {t('estimates.import')}
      </button>
      {problem && <Notice kind="error">{problem}</Notice>}
      {result && (
        <Notice kind={result.errors.length ? 'error' : 'ok'}>
          {t('estimates.result', { saved: result.saved, rejected: result.errors.length })}
        </Notice>
      )}
      {result && result.errors.length > 0 && (
        <RowErrorsTable caption={t('import.errorsCaption')} errors={result.errors} />
      )}
    </div>
  );
}
