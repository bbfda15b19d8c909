/**
 * The report calendar of a project: each reporting period with its due date, and where each member's
 * report stands (late ones flagged). The lead and each member open their reports: the member submits
 * a period's narrative once the period is over; the lead accepts it, sends it back with a comment, or
 * reopens an accepted one. A donor sees the stages only.
 */

import type { PeriodReport, ProjectDashboard, ReportCalendar } from '@harbour/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post } from '../../shared/api.js';
import type { BodyAt } from '../../shared/contract.js';
import { fieldErrors, localiseProblem, problemText } from '../../shared/errors.js';
import { Notice } from '../../shared/ui.js';

type Stage = ReportCalendar['entries'][number]['stage'];

export function ReportCalendarView({ d, onChanged }: { d: ProjectDashboard; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const base = `/projects/${encodeURIComponent(d.project.code)}/reports` as const;
  const [calendar, setCalendar] = useState<ReportCalendar | null>(null);
  const [open, setOpen] = useState<{ member: string; period: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(
    () =>
      get(base)
        .then(setCalendar)
        .catch((e) => setProblem(problemText(t, e))),
    [base, t],
  );
  useEffect(() => {
    void load();
  }, [load]);
  if (problem) return <Notice kind="error">{problem}</Notice>;
  if (!calendar) return <p className="loading">{t('app.loading')}</p>;
  const members = d.members.filter((m) => calendar.entries.some((e) => e.member === m.code));
  const day = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
  const mayOpen = d.project.access !== 'totals';
  const late = calendar.entries.filter((e) => e.overdue).length;
  const stageText = (s: Stage) => t(`projects.reports.stage.${s}`);
  return (
    <section aria-labelledby="reports-title">
      <h3 id="reports-title">{t('projects.reports.title')}</h3>
      <p>
        {t(`projects.reports.every.${calendar.every}`, { days: calendar.dueDays })}{' '}
        {late > 0 && (
          <strong className="flag flag--over">{t('projects.reports.late', { count: late })}</strong>
        )}
      </p>
      <table className="table report-calendar">
        <caption className="visually-hidden">{t('projects.reports.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('projects.period')}</th>
            <th scope="col">{t('projects.reports.due')}</th>
            {members.map((m) => (
              <th scope="col" key={m.code}>
                {m.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {calendar.periods.map((p) => (
            <tr key={p.period}>
              <th scope="row">{p.period}</th>
              <td>{day(p.due)}</td>
              {members.map((m) => {
                const e = calendar.entries.find((x) => x.member === m.code && x.period === p.period);
                if (!e) return <td key={m.code}>—</td>;
                const label = `${stageText(e.stage)}${e.overdue && e.stage === 'returned' ? ` · ${stageText('overdue')}` : ''}`;
                return (
                  <td key={m.code}>
                    {mayOpen && e.stage !== 'upcoming' ? (
                      <button
                        type="button"
                        className={`link stage stage--${e.overdue ? 'overdue' : e.stage}`}
                        aria-label={t('projects.reports.open', {
                          member: m.name,
                          period: p.period,
                          stage: label,
                        })}
                        aria-expanded={open?.member === m.code && open.period === p.period}
                        onClick={() => setOpen({ member: m.code, period: p.period })}
                      >
                        {label}
                      </button>
                    ) : (
                      <span className={`stage stage--${e.overdue ? 'overdue' : e.stage}`}>{label}</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <ReportPanel
          key={`${open.member}|${open.period}`}
          d={d}
          url={`${base}/${encodeURIComponent(open.member)}/${encodeURIComponent(open.period)}`}
          onChanged={() => {
            void load();
            onChanged();
          }}
        />
      )}
    </section>
  );
}

type ReportUrl = `/projects/${string}/reports/${string}/${string}`;

function ReportPanel({ d, url, onChanged }: { d: ProjectDashboard; url: ReportUrl; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const [report, setReport] = useState<PeriodReport | null>(null);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    get(url)
      .then(setReport)
      .catch((e) =>
        setNotice({ kind: 'error', text: e instanceof ApiError ? localiseProblem(t, e) : String(e) }),
      );
  }, [url, t]);
  if (!report) return notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null;
  const memberName = d.members.find((m) => m.code === report.member)?.name ?? report.member;
  const lead = d.project.access === 'lead';
  const mine = lead || d.members.some((m) => m.code === report.member && m.mine);
  const maySubmit = mine && ['due', 'overdue', 'returned'].includes(report.stage);
  const when = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const act = async (
    e: FormEvent | null,
    path: 'submit' | 'review',
    body: BodyAt<'post', `${ReportUrl}/${'submit' | 'review'}`>,
    done: string,
  ) => {
    e?.preventDefault();
    setErrors({});
    setNotice(null);
    try {
      setReport(await post(`${url}/${path}`, body));
      setText('');
      setNotice({ kind: 'ok', text: done });
      onChanged();
    } catch (err) {
      setErrors(fieldErrors(t, err));
      setNotice({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };
  const field = (id: string, label: string, error: string | undefined) => (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={4}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setText(e.target.value)}
      />
      {error && (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
  return (
    <article className="panel" aria-labelledby="report-title">
      <h4 id="report-title">
        {t('projects.reports.reportOf', { member: memberName, period: report.period })}
      </h4>
      <p>
        {t(`projects.reports.stage.${report.stage}`)} · {t('projects.reports.dueOn', { day: report.due })}
      </p>
      {report.narrative && <blockquote className="narrative">{report.narrative}</blockquote>}
      {report.history.length > 0 && (
        <ol className="plain history" aria-label={t('projects.reports.history')}>
          {report.history.map((h) => (
            <li key={`${h.at}|${h.action}|${h.comment ?? ''}`}>
              {when(h.at)} · {t(`projects.reports.action.${h.action}`, { actor: h.actor })}
              {h.comment ? `: ${h.comment}` : ''}
            </li>
          ))}
        </ol>
      )}
      {maySubmit && (
        <form
          onSubmit={(e) => void act(e, 'submit', { narrative: text }, t('projects.reports.submitted'))}
          aria-label={t('projects.reports.submit')}
          noValidate
        >
          {field('report-narrative', t('projects.reports.narrative'), errors.narrative ?? errors.period)}
          <p className="field__hint">{t('projects.reports.narrativeHint')}</p>
          <button type="submit" className="primary">
            {t('projects.reports.submit')}
          </button>
        </form>
      )}
      {lead && (report.stage === 'submitted' || report.stage === 'accepted') && (
        <form onSubmit={(e) => e.preventDefault()} aria-label={t('projects.reports.review')} noValidate>
          {field('report-comment', t('projects.reports.comment'), errors.comment ?? errors.decision)}
          {report.stage === 'submitted' ? (
            <>
              <button
                type="button"
                className="primary"
                onClick={() =>
                  void act(
                    null,
                    'review',
                    { decision: 'accept', comment: text || undefined },
                    t('projects.reports.acceptedNotice'),
                  )
                }
              >
                {t('projects.reports.accept')}
              </button>{' '}
              <button
                type="button"
                onClick={() =>
                  void act(
                    null,
                    'review',
                    { decision: 'return', comment: text || undefined },
                    t('projects.reports.returnedNotice'),
                  )
                }
              >
                {t('projects.reports.return')}
              </button>
            </>
          ) : (
            <button
              type="button"
              onClick={() =>
                void act(
                  null,
                  'review',
                  { decision: 'reopen', comment: text || undefined },
                  t('projects.reports.reopenedNotice'),
                )
              }
            >
              {t('projects.reports.reopen')}
            </button>
          )}
        </form>
      )}
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </article>
  );
}
