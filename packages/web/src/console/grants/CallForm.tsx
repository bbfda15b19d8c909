/**
 * Opening or changing a small-grants call: its words in each language chosen, who may apply, the
 * money, the rubric, the dates, the questions of the application form and the reports a grant owes.
 */

import {
  CALL_LANGUAGES,
  type CallLanguage,
  FORM_FIELD_KINDS,
  type FormFieldKind,
  type GrantCall,
  type GrantCallInput,
  type GrantReportKind,
  REPORT_KINDS,
} from '@harbour/core';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, post, put } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { OrgUnitSelect } from '../../shared/OrgUnitSelect.js';
import { Field, Notice, SelectField } from '../../shared/ui.js';
import { useUnits } from '../monitoring/ScopePicker.js';

type Words = Partial<Record<CallLanguage, string>>;
interface Row {
  id: string;
  label: Words;
}
interface Question extends Row {
  kind: FormFieldKind;
  required: boolean;
  options: string;
}
type RowList = 'criteria' | 'form' | 'reports';

interface Draft {
  unit: string;
  languages: CallLanguage[];
  title: Words;
  description: Words;
  eligibility: Words;
  countries: string;
  currency: string;
  envelope: string;
  minGrant: string;
  maxGrant: string;
  opensAt: string;
  closesAt: string;
  decisionBy: string;
  scaleMax: string;
  reviewersPerApplication: string;
  disagreement: string;
  shareComments: boolean;
  project: string;
  criteria: (Row & { weight: string })[];
  form: Question[];
  reports: { kind: GrantReportKind; dueDays: string }[];
}

/** A datetime-local value (the officer's own clock) from an instant, and back. */
const toLocal = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocal = (v: string) => (v ? new Date(v).toISOString() : '');

const slug = (text: string, i: number) => (/^[a-z][a-z0-9_]{0,39}$/.test(text) ? text : `q${i + 1}`);

export function draftOf(call: GrantCall | null): Draft {
  if (!call) {
    const now = Date.now();
    return {
      unit: '',
      languages: ['en'],
      title: {},
      description: {},
      eligibility: {},
      countries: '',
      currency: 'USD',
      envelope: '',
      minGrant: '',
      maxGrant: '',
      opensAt: toLocal(new Date(now).toISOString()),
      closesAt: toLocal(new Date(now + 30 * 86_400_000).toISOString()),
      decisionBy: new Date(now + 60 * 86_400_000).toISOString().slice(0, 10),
      scaleMax: '5',
      reviewersPerApplication: '2',
      disagreement: '25',
      shareComments: false,
      project: '',
      criteria: [{ id: 'c1', label: {}, weight: '1' }],
      form: [],
      reports: [
        { kind: 'narrative', dueDays: '90' },
        { kind: 'financial', dueDays: '180' },
      ],
    };
  }
  return {
    unit: call.unit,
    languages: call.languages,
    title: call.title,
    description: call.description,
    eligibility: call.eligibility,
    countries: call.countries.join(', '),
    currency: call.currency,
    envelope: call.envelope,
    minGrant: call.minGrant,
    maxGrant: call.maxGrant,
    opensAt: toLocal(call.opensAt),
    closesAt: toLocal(call.closesAt),
    decisionBy: call.decisionBy,
    scaleMax: String(call.scaleMax),
    reviewersPerApplication: String(call.reviewersPerApplication),
    disagreement: String(call.disagreement),
    shareComments: call.shareComments,
    project: call.project ?? '',
    criteria: call.criteria.map((c) => ({ id: c.id, label: c.label, weight: String(c.weight) })),
    form: call.form.map((f) => ({
      id: f.id,
      label: f.label,
      kind: f.kind,
      required: f.required,
      options: (f.options ?? []).map((o) => o.label[call.languages[0]!] ?? o.id).join(', '),
    })),
    reports: call.reports.map((r) => ({ kind: r.kind, dueDays: String(r.dueDays) })),
  };
}

/** What the server takes, from the form's text. */
export function callInputOf(d: Draft): GrantCallInput {
  const only = (w: Words) =>
    Object.fromEntries(d.languages.filter((l) => w[l]?.trim()).map((l) => [l, w[l]!.trim()]));
  return {
    unit: d.unit,
    title: only(d.title),
    description: only(d.description),
    eligibility: only(d.eligibility),
    countries: d.countries
      .split(/[,\s]+/)
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean),
    currency: d.currency,
    envelope: d.envelope,
    minGrant: d.minGrant,
    maxGrant: d.maxGrant,
    opensAt: fromLocal(d.opensAt),
    closesAt: fromLocal(d.closesAt),
    decisionBy: d.decisionBy,
    scaleMax: Number(d.scaleMax),
    reviewersPerApplication: Number(d.reviewersPerApplication),
    disagreement: Number(d.disagreement),
    shareComments: d.shareComments,
    ...(d.project.trim() ? { project: d.project.trim() } : {}),
    criteria: d.criteria.map((c, i) => ({
      id: slug(c.id, i),
      label: only(c.label),
      weight: Number(c.weight),
    })),
    form: d.form.map((q, i) => ({
      id: slug(q.id, i),
      kind: q.kind,
      label: only(q.label),
      required: q.required,
      ...(q.kind === 'choice'
        ? {
            options: q.options
              .split(',')
              .map((o) => o.trim())
              .filter(Boolean)
              .map((o, j) => ({
                id: `o${j + 1}`,
                label: Object.fromEntries(d.languages.map((l) => [l, o])),
              })),
          }
        : {}),
    })),
    reports: d.reports.map((r) => ({ kind: r.kind, dueDays: Number(r.dueDays) })),
  };
}

export function CallForm({
  call,
  onSaved,
  onCancel,
}: {
  call: GrantCall | null;
  onSaved: (c: GrantCall) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const units = useUnits();
  const [d, setD] = useState<Draft>(() => draftOf(call));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const setWord = (k: 'title' | 'description' | 'eligibility', l: CallLanguage, v: string) =>
    setD((x) => ({ ...x, [k]: { ...x[k], [l]: v } }));
  // The form's three lists (criteria, questions, reports): change one row, or remove it.
  const patchRow = <K extends RowList>(k: K, i: number, patch: Partial<Draft[K][number]>) =>
    setD((x) => ({ ...x, [k]: x[k].map((row, j) => (j === i ? { ...row, ...patch } : row)) }));
  const removeRow = (k: RowList, i: number) =>
    setD((x) => ({ ...x, [k]: (x[k] as unknown[]).filter((_, j) => j !== i) }));
  const remove = (k: RowList, i: number) => (
    <button type="button" className="link" onClick={() => removeRow(k, i)}>
      {t('grants.form.remove')}
    </button>
  );
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const body = callInputOf(d);
      onSaved(call ? await put(`/grants/calls/${call.id}`, body) : await post('/grants/calls', body));
    } catch (err) {
      setErrors(fieldErrors(t, err));
      setProblem(err instanceof ApiError ? localiseProblem(t, err) : t('app.serverUnreachable'));
    }
  };
  const err = (prefix: string) =>
    Object.entries(errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];
  const langName = (l: string) => new Intl.DisplayNames([l], { type: 'language' }).of(l) ?? l;
  return (
    <form
      className="panel grants-form"
      onSubmit={(e) => void save(e)}
      noValidate
      aria-labelledby="call-form-title"
    >
      <h2 id="call-form-title">{call ? t('grants.form.change') : t('grants.form.open')}</h2>
      <OrgUnitSelect
        label={t('grants.form.unit')}
        units={units}
        value={d.unit}
        onChange={(v) => set('unit', v)}
        error={err('unit')}
        first={<option value="">{t('users.chooseUnit')}</option>}
        required
      />
      <fieldset>
        <legend>{t('grants.form.languages')}</legend>
        {CALL_LANGUAGES.map((l) => (
          <label key={l} className="check">
            <input
              type="checkbox"
              checked={d.languages.includes(l)}
              onChange={(e) =>
                set('languages', e.target.checked ? [...d.languages, l] : d.languages.filter((x) => x !== l))
              }
            />{' '}
            {langName(l)}
          </label>
        ))}
      </fieldset>
      {d.languages.map((l) => (
        <fieldset key={l} lang={l}>
          <legend>{langName(l)}</legend>
          <Field
            label={t('grants.form.title')}
            value={d.title[l] ?? ''}
            onChange={(e) => setWord('title', l, e.target.value)}
            error={err(`title.${l}`) ?? (l === d.languages[0] ? err('title') : undefined)}
          />
          <div className="field">
            <label htmlFor={`desc-${l}`}>{t('grants.form.description')}</label>
            <textarea
              id={`desc-${l}`}
              rows={4}
              value={d.description[l] ?? ''}
              onChange={(e) => setWord('description', l, e.target.value)}
            />
            {err(`description.${l}`) && <p className="field__error">{err(`description.${l}`)}</p>}
          </div>
          <div className="field">
            <label htmlFor={`elig-${l}`}>{t('grants.form.eligibility')}</label>
            <textarea
              id={`elig-${l}`}
              rows={3}
              value={d.eligibility[l] ?? ''}
              onChange={(e) => setWord('eligibility', l, e.target.value)}
            />
            {err(`eligibility.${l}`) && <p className="field__error">{err(`eligibility.${l}`)}</p>}
          </div>
        </fieldset>
      ))}
      <fieldset>
        <legend>{t('grants.form.money')}</legend>
        <Field
          label={t('grants.form.currency')}
          value={d.currency}
          onChange={(e) => set('currency', e.target.value)}
          error={err('currency')}
          maxLength={3}
        />
        <Field
          label={t('grants.form.envelope')}
          inputMode="decimal"
          value={d.envelope}
          onChange={(e) => set('envelope', e.target.value)}
          error={err('envelope')}
        />
        <Field
          label={t('grants.form.minGrant')}
          inputMode="decimal"
          value={d.minGrant}
          onChange={(e) => set('minGrant', e.target.value)}
          error={err('minGrant')}
        />
        <Field
          label={t('grants.form.maxGrant')}
          inputMode="decimal"
          value={d.maxGrant}
          onChange={(e) => set('maxGrant', e.target.value)}
          error={err('maxGrant')}
        />
        <Field
          label={t('grants.form.countries')}
          hint={t('grants.form.countriesHint')}
          value={d.countries}
          onChange={(e) => set('countries', e.target.value)}
          error={err('countries')}
        />
      </fieldset>
      <fieldset>
        <legend>{t('grants.form.dates')}</legend>
        <Field
          label={t('grants.form.opensAt')}
          type="datetime-local"
          value={d.opensAt}
          onChange={(e) => set('opensAt', e.target.value)}
          error={err('opensAt')}
        />
        <Field
          label={t('grants.form.closesAt')}
          type="datetime-local"
          value={d.closesAt}
          onChange={(e) => set('closesAt', e.target.value)}
          error={err('closesAt')}
        />
        <Field
          label={t('grants.form.decisionBy')}
          type="date"
          value={d.decisionBy}
          onChange={(e) => set('decisionBy', e.target.value)}
          error={err('decisionBy')}
        />
      </fieldset>
      <fieldset>
        <legend>{t('grants.form.rubric')}</legend>
        <Field
          label={t('grants.form.scaleMax')}
          type="number"
          min={1}
          max={100}
          value={d.scaleMax}
          onChange={(e) => set('scaleMax', e.target.value)}
          error={err('scaleMax')}
        />
        {d.criteria.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
          <div key={i} className="grants-row">
            {d.languages.map((l) => (
              <Field
                key={l}
                label={t('grants.form.criterion', { n: i + 1, language: langName(l) })}
                value={c.label[l] ?? ''}
                onChange={(e) => patchRow('criteria', i, { label: { ...c.label, [l]: e.target.value } })}
                error={err(`criteria.${i}.label.${l}`) ?? err(`criteria.${i}.label`)}
              />
            ))}
            <Field
              label={t('grants.form.weight', { n: i + 1 })}
              type="number"
              min={0}
              step="any"
              value={c.weight}
              onChange={(e) => patchRow('criteria', i, { weight: e.target.value })}
              error={err(`criteria.${i}.weight`)}
            />
            {d.criteria.length > 1 && remove('criteria', i)}
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            set('criteria', [...d.criteria, { id: `c${d.criteria.length + 1}`, label: {}, weight: '1' }])
          }
        >
          {t('grants.form.addCriterion')}
        </button>
        <Field
          label={t('grants.form.reviewers')}
          type="number"
          min={1}
          max={9}
          value={d.reviewersPerApplication}
          onChange={(e) => set('reviewersPerApplication', e.target.value)}
          error={err('reviewersPerApplication')}
        />
        <Field
          label={t('grants.form.disagreement')}
          hint={t('grants.form.disagreementHint')}
          type="number"
          min={0}
          max={100}
          value={d.disagreement}
          onChange={(e) => set('disagreement', e.target.value)}
          error={err('disagreement')}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={d.shareComments}
            onChange={(e) => set('shareComments', e.target.checked)}
          />{' '}
          {t('grants.form.shareComments')}
        </label>
        <Field
          label={t('grants.form.project')}
          hint={t('grants.form.projectHint')}
          value={d.project}
          onChange={(e) => set('project', e.target.value)}
          error={err('project')}
        />
      </fieldset>
      <fieldset>
        <legend>{t('grants.form.questions')}</legend>
        <p className="muted">{t('grants.form.questionsHint')}</p>
        {d.form.map((q, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
          <div key={i} className="grants-row">
            {d.languages.map((l) => (
              <Field
                key={l}
                label={t('grants.form.question', { n: i + 1, language: langName(l) })}
                value={q.label[l] ?? ''}
                onChange={(e) => patchRow('form', i, { label: { ...q.label, [l]: e.target.value } })}
                error={err(`form.${i}.label.${l}`) ?? err(`form.${i}.label`)}
              />
            ))}
            <SelectField
              label={t('grants.form.kind', { n: i + 1 })}
              value={q.kind}
              onChange={(e) => patchRow('form', i, { kind: e.target.value as FormFieldKind })}
            >
              {FORM_FIELD_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`grants.kind.${k}`)}
                </option>
              ))}
            </SelectField>
            {q.kind === 'choice' && (
              <Field
                label={t('grants.form.options', { n: i + 1 })}
                value={q.options}
                onChange={(e) => patchRow('form', i, { options: e.target.value })}
                error={err(`form.${i}.options`)}
              />
            )}
            <label className="check">
              <input
                type="checkbox"
                checked={q.required}
                onChange={(e) => patchRow('form', i, { required: e.target.checked })}
              />{' '}
              {t('grants.form.required')}
            </label>
            {remove('form', i)}
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            set('form', [
              ...d.form,
              { id: `q${d.form.length + 1}`, label: {}, kind: 'text', required: false, options: '' },
            ])
          }
        >
          {t('grants.form.addQuestion')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t('grants.form.reports')}</legend>
        {d.reports.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
          <div key={i} className="grants-row">
            <SelectField
              label={t('grants.form.reportKind', { n: i + 1 })}
              value={r.kind}
              onChange={(e) => patchRow('reports', i, { kind: e.target.value as GrantReportKind })}
            >
              {REPORT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`grants.reportKind.${k}`)}
                </option>
              ))}
            </SelectField>
            <Field
              label={t('grants.form.dueDays', { n: i + 1 })}
              type="number"
              min={1}
              value={r.dueDays}
              onChange={(e) => patchRow('reports', i, { dueDays: e.target.value })}
              error={err(`reports.${i}.dueDays`)}
            />
            {remove('reports', i)}
          </div>
        ))}
        <button
          type="button"
          onClick={() => set('reports', [...d.reports, { kind: 'narrative', dueDays: '90' }])}
        >
          {t('grants.form.addReport')}
        </button>
      </fieldset>
      {problem && <Notice kind="error">{problem}</Notice>}
      <div className="actions">
        <button type="submit" className="primary">
          {call ? t('grants.form.saveChange') : t('grants.form.saveOpen')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('grants.form.cancel')}
        </button>
      </div>
    </form>
  );
}
