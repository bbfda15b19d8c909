/**
 * A project set up from the finance officer's workbook (docs/projects.md): the template to fill in,
 * and the filled one sent back — set-up, budget lines and results framework together. A bad cell
 * refuses the whole file and is named by its sheet and cell.
 */

import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, download, upload } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Notice } from '../../shared/ui.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function WorkbookSetup({ onDone }: { onDone: (code: string | null) => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{
    text: string;
    cells: { field: string; message: string }[];
  } | null>(null);

  const fail = (e: unknown) =>
    setProblem(
      e instanceof ApiError
        ? { text: localiseProblem(t, e), cells: e.problem.errors ?? [] }
        : { text: t('app.serverUnreachable'), cells: [] },
    );

  const send = async () => {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    try {
      const made = await upload(`/projects/workbook?replace=${replace}`, file, XLSX);
      onDone(made.code);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel">
      <h2>{t('projects.workbook.title')}</h2>
      <p>{t('projects.workbook.intro')}</p>
      <p>
        <button type="button" onClick={() => download('/projects/template.xlsx').catch(fail)}>
          {t('projects.workbook.template')}
        </button>
      </p>
      <label htmlFor="project-workbook">{t('projects.workbook.file')}</label>
      <input
        id="project-workbook"
        type="file"
        accept=".xlsx"
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
      />
      <label className="tick">
        <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />{' '}
        {t('projects.workbook.replace')}
      </label>
      <p>
        <button type="button" disabled={!file || busy} onClick={() => void send()}>
          {busy ? t('projects.workbook.sending') : t('projects.workbook.upload')}
        </button>{' '}
        <button type="button" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </p>
      {problem && (
        <Notice kind="error">
          <p>{problem.text}</p>
          {problem.cells.length > 0 && (
            <ul>
              {problem.cells.map((c) => (
                <li key={`${c.field}:${c.message}`}>
                  <strong>{c.field}</strong>: {c.message}
                </li>
              ))}
            </ul>
          )}
        </Notice>
      )}
    </div>
  );
}
