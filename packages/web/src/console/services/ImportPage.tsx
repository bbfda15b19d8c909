/** Upload an old register (CSV or XLSX): check it first, then import; every bad row named with what to fix. */

import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, upload } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { RowErrorsTable } from '../../shared/RowErrors.js';
import { Notice, PageTitle } from '../../shared/ui.js';

interface Summary {
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  clientsCreated: number;
  errors: { row: number; column: string; value: string; message: string }[];
  warnings: { row: number | null; column: string | null; message: string }[];
  truncated: boolean;
  dryRun: boolean;
  rolledBack: boolean;
}

export function ImportPage() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [allOrNothing, setAllOrNothing] = useState(false);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    try {
      const type = /\.xlsx$/i.test(file.name)
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'text/csv';
      const body = await upload(
        `/imports?dryRun=${dryRun}&allOrNothing=${allOrNothing}&name=${encodeURIComponent(file.name.slice(-100))}`,
        file,
        type,
      );
      setSummary(body);
    } catch (err) {
      setSummary(null);
      setProblem(
        err instanceof ApiError
          ? (err.problem.errors?.[0]?.message ?? localiseProblem(t, err))
          : t('app.serverUnreachable'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <PageTitle>{t('import.title')}</PageTitle>
      <p>{t('import.intro')}</p>
      <div className="panel">
        <label htmlFor="register-file">{t('import.file')}</label>
        <input
          id="register-file"
          type="file"
          accept=".csv,.xlsx,text/csv"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <label className="tick">
          <input type="checkbox" checked={allOrNothing} onChange={(e) => setAllOrNothing(e.target.checked)} />{' '}
          {t('import.allOrNothing')}
        </label>
        <div className="actions">
          <button type="button" disabled={!file || busy} onClick={() => void run(true)}>
            {t('import.check')}
          </button>
          <button type="button" className="primary" disabled={!file || busy} onClick={() => void run(false)}>
            {t('import.run')}
          </button>
        </div>
        {busy && (
          <p role="status">
            <progress /> {t('import.working')}
          </p>
        )}
      </div>
      {problem && <Notice kind="error">{problem}</Notice>}
      {summary && (
        <section className="panel" role="status" aria-labelledby="import-result">
          <h2 id="import-result">
            {summary.dryRun
              ? t('import.checked')
              : summary.rolledBack
                ? t('import.nothing')
                : t('import.done')}
          </h2>
          <ul className="plain">
            <li>{t('import.rowsRead', { n: summary.rows })}</li>
            <li>
              {t(summary.dryRun ? 'import.wouldImport' : 'import.imported', {
                n: summary.imported,
                clients: summary.clientsCreated,
              })}
            </li>
            <li>{t('import.duplicates', { n: summary.duplicates })}</li>
            <li>{t('import.rejected', { n: summary.rejected })}</li>
          </ul>
          {summary.errors.length > 0 && (
            <RowErrorsTable caption={t('import.errorsCaption')} errors={summary.errors} />
          )}
          {summary.warnings.length > 0 && (
            <details>
              <summary>{t('import.warnings', { n: summary.warnings.length })}</summary>
              <ul>
                {summary.warnings.map((w) => (
                  <li
                    key={`${w.row}-${w.column}-${w.message}`}
                  >{`${w.row ? `${t('import.row')} ${w.row}: ` : ''}${w.message}`}</li>
                ))}
              </ul>
            </details>
          )}
        </section>
      )}
    </section>
  );
}
