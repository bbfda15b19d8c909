/**
 * A project's results framework against what was achieved: per indicator, under its objective and
 * expected result, "achieved of target" for each period, all members together and each; the caveat
 * where members' counts of people are added up; and the form for a manual indicator's value.
 */

import type { ProjectDashboard, ProjectResults } from '@harbour/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post } from '../../shared/api.js';
import { fieldErrors, localiseProblem, problemText } from '../../shared/errors.js';
import { Field, Notice, SelectField } from '../../shared/ui.js';
import { Chart } from '../monitoring/Chart.js';
import { PALETTE } from '../monitoring/chart-options.js';

type Value = number | string | null;

export function ProjectResultsView({ d }: { d: ProjectDashboard }) {
  const { t, locale } = useI18n();
  const [results, setResults] = useState<ProjectResults | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(
    () =>
      get(`/projects/${encodeURIComponent(d.project.code)}/results`)
        .then(setResults)
        .catch((e) => setProblem(problemText(t, e))),
    [d.project.code, t],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const num = (v: Value) =>
    v === null
      ? '—'
      : typeof v === 'string'
        ? v
        : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v);
  const pct = (v: number | null) =>
    v === null
      ? '—'
      : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  const memberName = (c: string) => d.members.find((m) => m.code === c)?.name ?? c;
  const dateOf = (iso: string) =>
    iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso)) : '—';
  if (problem) return <Notice kind="error">{problem}</Notice>;
  if (!results) return <p className="loading">{t('app.loading')}</p>;
  const manual = results.indicators.filter((i) => !i.harbour);
  const mayEnter = d.project.access === 'lead' || d.members.some((m) => m.mine);
  return (
    <section aria-labelledby="results-title">
      <h3 id="results-title">{t('projects.results')}</h3>
      {results.indicators.length === 0 && <p>{t('projects.noFramework')}</p>}
      {results.indicators.map((ind) => {
        const first = ind.periods[0];
        return (
          <article key={ind.code} className="panel" aria-labelledby={`ind-${ind.code}`}>
            <p className="muted">
              {ind.objective} → {ind.result}
            </p>
            <h4 id={`ind-${ind.code}`}>
              {ind.name}{' '}
              {ind.harbour ? <span className="muted">({t(`indicator.${ind.harbour}`)})</span> : null}
            </h4>
            {first && (
              <p className="result-headline">
                {t('projects.achievedOf', {
                  achieved: num(first.achieved),
                  target: num(first.target),
                  period: first.period,
                  share: pct(first.share),
                })}
              </p>
            )}
            {ind.sumCountsPeopleTwice && <p className="note">{t('projects.peopleCaveat')}</p>}
            {ind.periods.some((p) => typeof p.achieved === 'number' || p.target !== null) && (
              <Chart
                height={220}
                label={t('projects.chartResults', { indicator: ind.name })}
                option={{
                  animation: false,
                  aria: { enabled: true },
                  title: {
                    text: t('projects.chartResults', { indicator: ind.name }),
                    textStyle: { fontSize: 13 },
                  },
                  legend: { bottom: 0 },
                  grid: { left: 60, right: 16, top: 36, bottom: 48 },
                  tooltip: { trigger: 'axis' },
                  xAxis: { type: 'category', data: ind.periods.map((p) => p.period) },
                  yAxis: { type: 'value' },
                  series: [
                    {
                      name: t('projects.target'),
                      type: 'bar',
                      data: ind.periods.map((p) => p.target),
                      itemStyle: { color: PALETTE[4] },
                    },
                    {
                      name: t('projects.achieved'),
                      type: 'bar',
                      data: ind.periods.map((p) => (typeof p.achieved === 'number' ? p.achieved : null)),
                      itemStyle: { color: PALETTE[0] },
                    },
                  ],
                }}
              />
            )}
            <table className="table table--numbers">
              <caption className="visually-hidden">{ind.name}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('projects.period')}</th>
                  <th scope="col">{t('projects.target')}</th>
                  <th scope="col">{t('projects.achieved')}</th>
                  <th scope="col">{t('projects.achievedShare')}</th>
                  {d.members.map((m) => (
                    <th scope="col" key={m.code}>
                      {m.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {ind.periods.map((p) => (
                  <tr key={p.period}>
                    <th scope="row">{p.period}</th>
                    <td>{num(p.target)}</td>
                    <td>{num(p.achieved)}</td>
                    <td>{pct(p.share)}</td>
                    {p.byMember.map((b) => (
                      <td key={b.member} title={b.evidence ?? undefined}>
                        {num(b.value)}
                        {b.source === 'received' && (
                          <sup className="received-mark">
                            <span aria-hidden="true">↧</span>
                            <span className="visually-hidden">{t('projects.receivedMark')}</span>
                          </sup>
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {ind.periods.some((p) => p.byMember.some((b) => b.source === 'received')) && (
              <p className="note">
                {t('projects.receivedNote', {
                  members: [
                    ...new Set(
                      ind.periods.flatMap((p) =>
                        p.byMember.filter((b) => b.source === 'received').map((b) => memberName(b.member)),
                      ),
                    ),
                  ].join(', '),
                  day: dateOf(
                    ind.periods
                      .flatMap((p) => p.byMember.map((b) => b.receivedAt ?? ''))
                      .reduce((a, b) => (a > b ? a : b), ''),
                  ),
                })}
              </p>
            )}
            {ind.periods.some((p) => p.byMember.some((b) => b.evidence)) && (
              <ul className="plain">
                {ind.periods.flatMap((p) =>
                  p.byMember
                    .filter((b) => b.evidence)
                    .map((b) => (
                      <li key={`${p.period}|${b.member}`}>
                        {t('projects.evidenceOf', { member: memberName(b.member), period: p.period })}:{' '}
                        {b.evidence}
                      </li>
                    )),
                )}
              </ul>
            )}
          </article>
        );
      })}
      {mayEnter && manual.length > 0 && <ResultForm d={d} manual={manual} onSaved={load} />}
    </section>
  );
}

function ResultForm({
  d,
  manual,
  onSaved,
}: {
  d: ProjectDashboard;
  manual: ProjectResults['indicators'];
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const mine = d.project.access === 'lead' ? d.members : d.members.filter((m) => m.mine);
  const [form, setForm] = useState({
    indicator: manual[0]?.code ?? '',
    member: mine[0]?.code ?? '',
    period: '',
    value: '',
    evidence: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setNotice(null);
    try {
      await post(`/projects/${encodeURIComponent(d.project.code)}/results`, {
        ...form,
        value: form.value.trim() === '' ? Number.NaN : Number(form.value),
      });
      setNotice({ kind: 'ok', text: t('projects.resultSaved') });
      setForm({ ...form, value: '', evidence: '' });
      onSaved();
    } catch (err) {
      setErrors(fieldErrors(t, err));
      setNotice({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void save(e)} aria-labelledby="result-form" noValidate>
      <h4 id="result-form">{t('projects.enterResult')}</h4>
      <SelectField
        label={t('projects.indicator')}
        value={form.indicator}
        error={errors.indicator}
        onChange={(e) => setForm({ ...form, indicator: e.target.value })}
      >
        {manual.map((i) => (
          <option key={i.code} value={i.code}>
            {i.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('projects.member')}
        value={form.member}
        error={errors.member}
        onChange={(e) => setForm({ ...form, member: e.target.value })}
      >
        {mine.map((m) => (
          <option key={m.code} value={m.code}>
            {m.name}
          </option>
        ))}
      </SelectField>
      <Field
        label={t('projects.period')}
        hint={t('projects.periodHint')}
        value={form.period}
        error={errors.period}
        onChange={(e) => setForm({ ...form, period: e.target.value })}
      />
      <Field
        label={t('projects.value')}
        inputMode="decimal"
        value={form.value}
        error={errors.value}
        onChange={(e) => setForm({ ...form, value: e.target.value })}
      />
      <Field
        label={t('projects.evidence')}
        hint={t('projects.evidenceHint')}
        value={form.evidence}
        error={errors.evidence}
        onChange={(e) => setForm({ ...form, evidence: e.target.value })}
      />
      <button type="submit" className="primary">
        {t('projects.saveResult')}
      </button>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </form>
  );
}
