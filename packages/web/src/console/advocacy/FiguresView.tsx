/**
 * The evidence itself: a country's figures with their sources and versions, one figure typed in with
 * the same checks as a file, and the CSV upload (checked first, then imported) naming every bad row.
 */

import { countryCodes, MEASURE_NAMES } from '@harbour/core';
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError } from '../../shared/api.js';
import { localiseField, localiseProblem } from '../../shared/errors.js';
import { RowErrorsTable } from '../../shared/RowErrors.js';
import { Field, Notice, SelectField } from '../../shared/ui.js';
import {
  advocacyApi,
  type FigureHistoryData,
  type FigureImportResultData,
  type FigureViewData,
} from './advocacy-api.js';
import { countryName, measureLabel, showValue } from './advocacy-format.js';

const EMPTY = {
  year: '',
  measure: 'pwid',
  value: '',
  unit: '',
  source: '',
  as_of: '',
  lower: '',
  upper: '',
  url: '',
  notes: '',
};

export function FiguresView({
  countries,
  keeper,
  mayEdit,
  onImported,
}: {
  countries: string[];
  keeper: string | undefined;
  mayEdit: boolean;
  onImported: () => void;
}) {
  const { t, locale } = useI18n();
  const [country, setCountry] = useState(countries[0] ?? '');
  // Any country may be added; those with evidence come first.
  const [allCountries] = useState(() => {
    const names = new Map(countryCodes().map((c) => [c, countryName(locale, c)]));
    return [...names.keys()].sort((a, b) =>
      (names.get(a) as string).localeCompare(names.get(b) as string, locale),
    );
  });
  const [figures, setFigures] = useState<FigureViewData[]>([]);
  const [history, setHistory] = useState<FigureHistoryData | null>(null);
  const [form, setForm] = useState<Record<string, string>>({
    ...EMPTY,
    year: String(new Date().getFullYear() - 1),
  });
  const [formErrors, setFormErrors] = useState<Record<string, string>>({});
  // Beside the import or the form it answers.
  const [notice, setNotice] = useState<{ at: 'import' | 'save'; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [checked, setChecked] = useState<FigureImportResultData | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!country && countries[0]) setCountry(countries[0]);
  }, [countries, country]);
  const load = useCallback(() => {
    if (!country) return;
    advocacyApi
      .figures(country, keeper)
      .then((r) => setFigures(r.figures))
      .catch((e) => setError(e instanceof ApiError ? localiseProblem(t, e) : String(e)));
  }, [country, keeper, t]);
  useEffect(load, [load]);

  const save = async () => {
    setFormErrors({});
    setNotice(null);
    try {
      const r = await advocacyApi.saveFigure({ ...form, country }, keeper);
      setNotice({
        at: 'save',
        text: r.changed
          ? t('advocacy.figureSaved', { measure: measureLabel(t, r.figure.measure), year: r.figure.year })
          : t('advocacy.figureUnchanged'),
      });
      load();
    } catch (e) {
      if (e instanceof ApiError) {
        const byField: Record<string, string> = {};
        for (const x of e.problem.errors ?? []) byField[x.field] ??= localiseField(t, x);
        setFormErrors(byField);
        if (!e.problem.errors?.length) setError(localiseProblem(t, e));
      }
    }
  };

  const runImport = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await advocacyApi.importFigures(file.text, dryRun, keeper);
      setChecked(r);
      if (!dryRun) {
        setNotice({
          at: 'import',
          text: t('advocacy.imported', {
            imported: r.imported,
            updated: r.updated,
            unchanged: r.unchanged,
            rejected: r.rejected,
          }),
        });
        setFile(null);
        load();
        onImported();
      }
    } catch (e) {
      setError(e instanceof ApiError ? localiseProblem(t, e) : String(e));
    } finally {
      setBusy(false);
    }
  };

  const edit = (f: FigureViewData) =>
    setForm({
      year: String(f.year),
      measure: f.measure,
      value: String(f.value),
      unit: f.unit ?? '',
      source: f.source,
      as_of: f.as_of ?? '',
      lower: f.lower === null ? '' : String(f.lower),
      upper: f.upper === null ? '' : String(f.upper),
      url: f.url ?? '',
      notes: f.notes ?? '',
    });

  const input = (name: keyof typeof EMPTY, label: string, extra: Record<string, unknown> = {}) => (
    <Field
      label={label}
      value={form[name] ?? ''}
      error={formErrors[name]}
      onChange={(e) => setForm((f) => ({ ...f, [name]: e.target.value }))}
      {...extra}
    />
  );

  return (
    <div className="advocacy-figures">
      {error ? <Notice kind="error">{error}</Notice> : null}
      {mayEdit ? (
        <section aria-labelledby="import-h">
          <h3 id="import-h">{t('advocacy.importTitle')}</h3>
          <p>{t('advocacy.importIntro')}</p>
          <div className="field">
            <label htmlFor="advocacy-file">{t('advocacy.file')}</label>
            <input
              id="advocacy-file"
              type="file"
              accept=".csv,text/csv"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                setChecked(null);
                setFile(f ? { name: f.name, text: await f.text() } : null);
              }}
            />
          </div>
          <div className="actions">
            <button type="button" disabled={!file || busy} onClick={() => void runImport(true)}>
              {t('advocacy.check')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={!file || busy || !checked}
              onClick={() => void runImport(false)}
            >
              {t('advocacy.import')}
            </button>
          </div>
          {busy ? <progress aria-label={t('advocacy.importing')} /> : null}
          {checked ? (
            <div role="status">
              <p>
                {t(checked.dryRun ? 'advocacy.wouldImport' : 'advocacy.imported', {
                  imported: checked.imported,
                  updated: checked.updated,
                  unchanged: checked.unchanged,
                  rejected: checked.rejected,
                })}
              </p>
              {checked.errors.length ? (
                <RowErrorsTable caption={t('advocacy.rejectedRows')} errors={checked.errors.slice(0, 200)} />
              ) : null}
            </div>
          ) : null}
          {notice?.at === 'import' ? <Notice kind="ok">{notice.text}</Notice> : null}
        </section>
      ) : null}

      <section aria-labelledby="list-h">
        <h3 id="list-h">
          {t('advocacy.figuresOf', { country: country ? countryName(locale, country) : '' })}
        </h3>
        <SelectField
          label={t('advocacy.country')}
          value={country}
          onChange={(e) => setCountry(e.target.value)}
        >
          {countries.length ? (
            <optgroup label={t('advocacy.withEvidence')}>
              {countries.map((c) => (
                <option key={c} value={c}>
                  {countryName(locale, c)}
                </option>
              ))}
            </optgroup>
          ) : null}
          <optgroup label={t('advocacy.allCountries')}>
            {allCountries.map((c) => (
              <option key={`all-${c}`} value={c}>
                {countryName(locale, c)}
              </option>
            ))}
          </optgroup>
        </SelectField>
        <table className="data-table">
          <caption className="visually-hidden">{t('advocacy.figuresOf', { country })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('advocacy.figure')}</th>
              <th scope="col">{t('advocacy.year')}</th>
              <th scope="col">{t('advocacy.value')}</th>
              <th scope="col">{t('advocacy.source')}</th>
              <th scope="col">{t('advocacy.changed')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('advocacy.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => (
              <tr key={f.id}>
                <th scope="row">{measureLabel(t, f.measure)}</th>
                <td>{f.year}</td>
                <td>{showValue(t, locale, f.measure, f.value, f.unit)}</td>
                <td>{f.source}</td>
                <td>
                  {f.updated_at.slice(0, 10)} · {f.updated_by} · v{f.version}
                </td>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => void advocacyApi.history(f.id).then(setHistory)}
                  >
                    {t('advocacy.history')}
                  </button>
                  {mayEdit ? (
                    <button type="button" className="link" onClick={() => edit(f)}>
                      {t('advocacy.edit')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {history ? (
          <section aria-labelledby="history-h" className="advocacy-history">
            <h4 id="history-h">
              {t('advocacy.historyOf', {
                measure: measureLabel(t, history.figure.measure),
                year: history.figure.year,
              })}
            </h4>
            <ol>
              {history.versions.map((v) => (
                <li key={v.version}>
                  v{v.version}: {showValue(t, locale, history.figure.measure, v.value, v.unit)} — {v.source} ·{' '}
                  {v.changed_at.slice(0, 16).replace('T', ' ')} · {v.changed_by}
                </li>
              ))}
            </ol>
          </section>
        ) : null}
      </section>

      {mayEdit ? (
        <section aria-labelledby="add-h">
          <h3 id="add-h">{t('advocacy.addFigure')}</h3>
          <form
            className="form-grid"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            {input('year', t('advocacy.year'), { inputMode: 'numeric' })}
            <SelectField
              label={t('advocacy.measure')}
              value={form.measure}
              error={formErrors.measure}
              onChange={(e) => setForm((f) => ({ ...f, measure: e.target.value }))}
            >
              {MEASURE_NAMES.map((m) => (
                <option key={m} value={m}>
                  {measureLabel(t, m)}
                </option>
              ))}
            </SelectField>
            {input('value', t('advocacy.value'))}
            {input('unit', t('advocacy.unit'), { hint: t('advocacy.unitHint'), maxLength: 3 })}
            {input('source', t('advocacy.source'))}
            {input('as_of', t('advocacy.asOf'), { hint: t('advocacy.asOfHint') })}
            {input('lower', t('advocacy.lower'))}
            {input('upper', t('advocacy.upper'))}
            {input('url', t('advocacy.url'), { type: 'url' })}
            {input('notes', t('advocacy.notes'))}
            <div className="actions">
              <button type="submit" className="primary">
                {t('advocacy.saveFigure')}
              </button>
            </div>
          </form>
          {notice?.at === 'save' ? <Notice kind="ok">{notice.text}</Notice> : null}
        </section>
      ) : null}
    </div>
  );
}
