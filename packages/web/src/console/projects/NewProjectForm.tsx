/**
 * A new project's set-up, for a lead: who leads it, the donor and dates, the currency and total
 * budget, the member organisations, and each member's budget by line (the default lines; a project
 * with its own lines is set up from a file — docs/projects.md).
 */

import { DEFAULT_BUDGET_LINES, type ProjectInput } from '@harbour/core';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, post } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { OrgUnitSelect } from '../../shared/OrgUnitSelect.js';
import { Field, Notice } from '../../shared/ui.js';
import { useUnits } from '../monitoring/ScopePicker.js';

export function NewProjectForm({ onDone }: { onDone: (code: string | null) => void }) {
  const { t } = useI18n();
  const units = useUnits();
  const organisations = units.filter((u) => u.orgId !== null && u.orgId === u.id);
  const [form, setForm] = useState({
    code: '',
    name: '',
    donor: '',
    keeper: '',
    currency: 'USD',
    start: '',
    end: '',
    totalBudget: '',
  });
  const [members, setMembers] = useState<string[]>([]);
  const [budget, setBudget] = useState<Record<string, Record<string, string>>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setProblem(null);
    const body: ProjectInput = {
      ...form,
      keeper: form.keeper || units[0]?.code || '',
      members: members.map((code) => ({
        code,
        budget: Object.fromEntries(Object.entries(budget[code] ?? {}).filter(([, v]) => v.trim() !== '')),
      })),
    };
    try {
      await post('/projects', body);
      onDone(form.code);
    } catch (err) {
      setErrors(fieldErrors(t, err));
      setProblem(err instanceof ApiError ? localiseProblem(t, err) : String(err));
    }
  };

  return (
    <form className="panel" onSubmit={(e) => void save(e)} aria-labelledby="new-project" noValidate>
      <h2 id="new-project">{t('projects.new')}</h2>
      <Field label={t('projects.code')} value={form.code} error={errors.code} onChange={set('code')} />
      <Field label={t('projects.name')} value={form.name} error={errors.name} onChange={set('name')} />
      <Field label={t('projects.donor')} value={form.donor} error={errors.donor} onChange={set('donor')} />
      <OrgUnitSelect
        label={t('projects.keeper')}
        units={units}
        value={form.keeper || units[0]?.code || ''}
        onChange={(keeper) => setForm({ ...form, keeper })}
      />
      {errors.keeper && (
        <p className="field__error" role="alert">
          {errors.keeper}
        </p>
      )}
      <Field
        label={t('projects.currency')}
        value={form.currency}
        maxLength={3}
        error={errors.currency}
        onChange={(e) => setForm({ ...form, currency: e.target.value.toUpperCase() })}
      />
      <Field
        label={t('projects.start')}
        type="date"
        value={form.start}
        error={errors.start}
        onChange={set('start')}
      />
      <Field
        label={t('projects.end')}
        type="date"
        value={form.end}
        error={errors.end}
        onChange={set('end')}
      />
      <Field
        label={t('projects.totalBudget')}
        inputMode="decimal"
        value={form.totalBudget}
        error={errors.totalBudget}
        onChange={set('totalBudget')}
      />
      <fieldset>
        <legend>{t('projects.members')}</legend>
        {organisations.map((o) => (
          <label key={o.code} className="tick">
            <input
              type="checkbox"
              checked={members.includes(o.code)}
              onChange={(e) =>
                setMembers(e.target.checked ? [...members, o.code] : members.filter((m) => m !== o.code))
              }
            />
            {o.name} ({o.code})
          </label>
        ))}
      </fieldset>
      {members.length > 0 && (
        <table className="table">
          <caption>{t('projects.budgetGrid', { currency: form.currency })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('projects.line')}</th>
              {members.map((m) => (
                <th scope="col" key={m}>
                  {m}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {DEFAULT_BUDGET_LINES.map((l) => (
              <tr key={l.code}>
                <th scope="row">{t(`projects.lines.${l.code}`)}</th>
                {members.map((m, i) => {
                  const err = errors[`members.${i}.budget.${l.code}`];
                  return (
                    <td key={m}>
                      <input
                        aria-label={t('projects.budgetFor', {
                          member: m,
                          line: t(`projects.lines.${l.code}`),
                        })}
                        inputMode="decimal"
                        value={budget[m]?.[l.code] ?? ''}
                        aria-invalid={err ? true : undefined}
                        title={err}
                        onChange={(e) =>
                          setBudget({ ...budget, [m]: { ...budget[m], [l.code]: e.target.value } })
                        }
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        <button type="submit" className="primary">
          {t('projects.create')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
      {problem && <Notice kind="error">{problem}</Notice>}
    </form>
  );
}
