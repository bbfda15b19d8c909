/**
 * Consortium projects: the list of projects one leads, is a member of or reads; a project's
 * dashboard (budget against spending by member and line, burn rate, where this pace ends, flags);
 * members' spending entry; and a new project's set-up for leads. Types come from core's contract.
 */

import type { ProjectDashboard, ProjectSummary } from '@harbour/core';
import { type FormEvent, type ReactNode, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, download, get, post } from '../../shared/api.js';
import { fieldErrors, localiseProblem, problemText } from '../../shared/errors.js';
import { Field, Notice, PageTitle, SelectField } from '../../shared/ui.js';
import { Chart } from '../monitoring/Chart.js';
import { PALETTE } from '../monitoring/chart-options.js';
import { useSession } from '../session.js';
import { MemberServersPanel } from './MemberServersPanel.js';
import { NewProjectForm } from './NewProjectForm.js';
import { ProjectGrantsView } from './ProjectGrantsView.js';
import { ProjectResultsView } from './ProjectResultsView.js';
import { ReportCalendarView } from './ReportCalendarView.js';
import { WorkbookSetup } from './WorkbookSetup.js';
import './projects.css';

/** An amount ("124300.00") in the user's language, with its currency. */
export function money(value: string, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(
    Number(value),
  );
}

const percent = (share: number | null, locale: string) =>
  share === null
    ? '—'
    : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);

export function ProjectsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [projects, setProjects] = useState<ProjectSummary[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [creating, setCreating] = useState<'form' | 'workbook' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(
    () =>
      get('/projects')
        .then((r) => {
          setProjects(r.projects);
          setChosen((c) => c ?? r.projects[0]?.code ?? null);
        })
        .catch((e) => setProblem(problemText(t, e))),
    [t],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const done = (code: string | null) => {
    setCreating(null);
    if (code) {
      setChosen(code);
      void load();
    }
  };

  return (
    <section>
      <PageTitle>{t('projects.title')}</PageTitle>
      <p>{t('projects.intro')}</p>
      {problem && <Notice kind="error">{problem}</Notice>}
      {projects && projects.length === 0 && <p>{t('projects.none')}</p>}
      {projects && projects.length > 0 && (
        <SelectField
          label={t('projects.project')}
          value={chosen ?? ''}
          onChange={(e) => setChosen(e.target.value)}
        >
          {projects.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name} ({p.code}) — {t(`projects.access.${p.access}`)}
            </option>
          ))}
        </SelectField>
      )}
      {can('project.manage') && !creating && (
        <p>
          <button type="button" onClick={() => setCreating('form')}>
            {t('projects.new')}
          </button>{' '}
          <button type="button" onClick={() => setCreating('workbook')}>
            {t('projects.fromWorkbook')}
          </button>
        </p>
      )}
      {creating === 'form' && <NewProjectForm onDone={done} />}
      {creating === 'workbook' && <WorkbookSetup onDone={done} />}
      {chosen && <Dashboard code={chosen} />}
    </section>
  );
}

function Dashboard({ code }: { code: string }) {
  const { t, locale } = useI18n();
  const [d, setD] = useState<ProjectDashboard | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [downloadProblem, setDownloadProblem] = useState<string | null>(null);
  const load = useCallback(
    () =>
      get(`/projects/${encodeURIComponent(code)}`)
        .then(setD)
        .catch((e) => setProblem(problemText(t, e))),
    [code, t],
  );
  useEffect(() => {
    void load();
  }, [load]);
  if (problem) return <Notice kind="error">{problem}</Notice>;
  if (!d) return <p className="loading">{t('app.loading')}</p>;
  const cur = d.project.currency;
  const m = (v: string) => money(v, cur, locale);
  const memberName = (c: string) => d.members.find((x) => x.code === c)?.name ?? c;
  const lineName = (c: string) => d.lines.find((x) => x.code === c)?.name ?? c;
  const flag = (f: string | null) =>
    f ? <strong className={`flag flag--${f}`}>{t(`projects.flag.${f}`)}</strong> : null;
  const mayRecord = d.project.access === 'lead' || d.members.some((x) => x.mine);

  return (
    <section aria-labelledby="project-title">
      <h2 id="project-title">
        {d.project.name} <span className="muted">({d.project.code})</span>
      </h2>
      <p>
        {t('projects.facts', {
          donor: d.project.donor,
          start: d.project.start,
          end: d.project.end,
          total: m(d.project.totalBudget),
        })}
      </p>
      <p className="downloads">
        {t('projects.download')}{' '}
        {(['pdf', 'xlsx'] as const).map((format, i) => (
          <span key={format}>
            {i > 0 && ' · '}
            <button
              type="button"
              className="link"
              onClick={() =>
                void download(`/projects/${encodeURIComponent(code)}/report?format=${format}`).catch((e) =>
                  setDownloadProblem(problemText(t, e)),
                )
              }
            >
              {t(`projects.download.${format}`)}
            </button>
          </span>
        ))}
      </p>
      {downloadProblem && <Notice kind="error">{downloadProblem}</Notice>}
      <ul className="headline" aria-label={t('projects.headline')}>
        <li>
          <span>{t('projects.spent')}</span>
          <strong>{m(d.total.spent)}</strong>
          <span>
            {t('projects.ofBudget', { budget: m(d.total.budget), share: percent(d.total.share, locale) })}
          </span>
        </li>
        <li>
          <span>{t('projects.timeGone')}</span>
          <strong>{percent(d.elapsed, locale)}</strong>
          <span>{t('projects.asOf', { day: d.asOf })}</span>
        </li>
        <li>
          <span>{t('projects.projected')}</span>
          <strong>{m(d.total.projected)}</strong>
          <span>{t('projects.burn', { burn: m(d.total.burnPerMonth) })}</span>
        </li>
      </ul>
      {d.warnings.map((w) => (
        <Notice key={w} kind="info">
          {w}
        </Notice>
      ))}
      <Chart
        label={t('projects.chartByMember')}
        option={{
          animation: false,
          aria: { enabled: true },
          title: { text: t('projects.chartByMember'), textStyle: { fontSize: 14 } },
          legend: { bottom: 0 },
          grid: { left: 90, right: 24, top: 40, bottom: 48 },
          tooltip: { trigger: 'axis' },
          xAxis: { type: 'category', data: d.byMember.map((x) => memberName(x.code)) },
          yAxis: { type: 'value' },
          series: [
            {
              name: t('projects.budget'),
              type: 'bar',
              data: d.byMember.map((x) => Number(x.budget)),
              itemStyle: { color: PALETTE[4] },
            },
            {
              name: t('projects.spent'),
              type: 'bar',
              data: d.byMember.map((x) => Number(x.spent)),
              itemStyle: { color: PALETTE[0] },
            },
            {
              name: t('projects.projected'),
              type: 'bar',
              data: d.byMember.map((x) => Number(x.projected)),
              itemStyle: { color: PALETTE[1] },
            },
          ],
        }}
      />
      <FigureTable
        caption={t('projects.byMember')}
        head={t('projects.member')}
        rows={d.byMember.map((x) => ({ key: x.code, label: memberName(x.code), f: x }))}
        money={m}
        flag={flag}
      />
      <FigureTable
        caption={t('projects.byLine')}
        head={t('projects.line')}
        rows={d.byLine.map((x) => ({ key: x.code, label: lineName(x.code), f: x }))}
        money={m}
        flag={flag}
      />
      {d.cells.length > 0 && (
        <FigureTable
          caption={t('projects.byMemberAndLine')}
          head={t('projects.memberAndLine')}
          rows={d.cells.map((x) => ({
            key: `${x.member}|${x.line}`,
            label: `${memberName(x.member)} · ${lineName(x.line)}`,
            f: x,
          }))}
          money={m}
          flag={flag}
        />
      )}
      <ProjectResultsView d={d} />
      <ReportCalendarView d={d} onChanged={load} />
      <ProjectGrantsView code={d.project.code} />
      {d.project.access === 'lead' && <MemberServersPanel d={d} />}
      {mayRecord && <SpendingForm d={d} onSaved={load} />}
      {d.spending.length > 0 && (
        <table className="table table--numbers">
          <caption>{t('projects.entries')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('projects.period')}</th>
              <th scope="col">{t('projects.member')}</th>
              <th scope="col">{t('projects.line')}</th>
              <th scope="col">{t('projects.asSpent')}</th>
              <th scope="col">{t('projects.rate')}</th>
              <th scope="col">{t('projects.inProjectCurrency', { currency: cur })}</th>
            </tr>
          </thead>
          <tbody>
            {d.spending.map((e) => (
              <tr key={e.id}>
                <th scope="row">{e.period}</th>
                <td>{memberName(e.member)}</td>
                <td>{lineName(e.line)}</td>
                <td>{money(e.amount, e.currency, locale)}</td>
                <td>{e.rate}</td>
                <td>{m(e.converted)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function FigureTable({
  caption,
  head,
  rows,
  money: m,
  flag,
}: {
  caption: string;
  head: string;
  rows: { key: string; label: string; f: ProjectDashboard['total'] }[];
  money: (v: string) => string;
  flag: (f: string | null) => ReactNode;
}) {
  const { t, locale } = useI18n();
  return (
    <table className="table table--numbers">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col">{t('projects.budget')}</th>
          <th scope="col">{t('projects.spent')}</th>
          <th scope="col">{t('projects.share')}</th>
          <th scope="col">{t('projects.remaining')}</th>
          <th scope="col">{t('projects.projected')}</th>
          <th scope="col">{t('projects.pace')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td>{m(r.f.budget)}</td>
            <td>{m(r.f.spent)}</td>
            <td>{percent(r.f.share, locale)}</td>
            <td>{m(r.f.remaining)}</td>
            <td>{m(r.f.projected)}</td>
            <td>{flag(r.f.flag) ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SpendingForm({ d, onSaved }: { d: ProjectDashboard; onSaved: () => void }) {
  const { t, locale } = useI18n();
  const mine = d.project.access === 'lead' ? d.members : d.members.filter((x) => x.mine);
  const [form, setForm] = useState({
    member: mine[0]?.code ?? '',
    line: d.lines[0]?.code ?? '',
    period: '',
    amount: '',
    currency: d.project.currency,
    rate: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const other = form.currency !== d.project.currency;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setNotice(null);
    try {
      const r = await post(`/projects/${encodeURIComponent(d.project.code)}/spending`, {
        ...form,
        rate: other ? form.rate : undefined,
      });
      setNotice({
        kind: 'ok',
        text: t(r.replaced ? 'projects.replaced' : 'projects.recorded', {
          amount: money(r.converted, d.project.currency, locale),
        }),
      });
      setForm({ ...form, amount: '', rate: '' });
      onSaved();
    } catch (err) {
      setErrors(fieldErrors(t, err));
      setNotice({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void save(e)} aria-labelledby="spend-title" noValidate>
      <h3 id="spend-title">{t('projects.recordSpending')}</h3>
      <SelectField
        label={t('projects.member')}
        value={form.member}
        error={errors.member}
        onChange={(e) => setForm({ ...form, member: e.target.value })}
      >
        {mine.map((x) => (
          <option key={x.code} value={x.code}>
            {x.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('projects.line')}
        value={form.line}
        error={errors.line}
        onChange={(e) => setForm({ ...form, line: e.target.value })}
      >
        {d.lines.map((l) => (
          <option key={l.code} value={l.code}>
            {l.name}
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
        label={t('projects.amount')}
        inputMode="decimal"
        value={form.amount}
        error={errors.amount}
        onChange={(e) => setForm({ ...form, amount: e.target.value })}
      />
      <Field
        label={t('projects.currency')}
        hint={t('projects.currencyHint', { currency: d.project.currency })}
        value={form.currency}
        maxLength={3}
        error={errors.currency}
        onChange={(e) => setForm({ ...form, currency: e.target.value.toUpperCase() })}
      />
      {other && (
        <Field
          label={t('projects.rateLabel', { project: d.project.currency, spent: form.currency })}
          inputMode="decimal"
          value={form.rate}
          error={errors.rate}
          onChange={(e) => setForm({ ...form, rate: e.target.value })}
        />
      )}
      <button type="submit" className="primary">
        {t('projects.save')}
      </button>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </form>
  );
}
