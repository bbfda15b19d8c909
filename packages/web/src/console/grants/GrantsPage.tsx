/**
 * Small-grants calls for the people who run them: the list, opening a call, and each call's dashboard
 * (applications ranked by their reviewers' scores, the envelope walked in rank order, money, the
 * reviewers' load), with one application opened beside it to screen, read its reviews, decide, and
 * manage the grant. Programme managers read the dashboard without opening applications.
 */

import { type CallDashboard, type GrantCall, type GrantCallSummary, inLanguage } from '@harbour/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { download, get, post, put } from '../../shared/api.js';
import { Notice, PageTitle } from '../../shared/ui.js';
import { useNotice } from '../../shared/use-notice.js';
import { Chart } from '../monitoring/Chart.js';
import { useSession } from '../session.js';
import { ApplicationPanel } from './ApplicationPanel.js';
import { CallForm, callInputOf, draftOf } from './CallForm.js';
import './grants.css';

export default function GrantsPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const mayManage = session.can('grants.manage');
  const [calls, setCalls] = useState<GrantCallSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<GrantCall | 'new' | null>(null);
  const { notice, setNotice, fail } = useNotice();
  const load = useCallback(() => {
    get('/grants/calls')
      .then((r) => {
        setCalls(r.calls);
        // The newest call opens at once: it is the one an officer is most likely working on.
        setSelected((x) => x ?? r.calls[0]?.id ?? null);
      })
      .catch(fail);
  }, [fail]);
  useEffect(load, [load]);
  const words = (w: Partial<Record<string, string>>) => inLanguage(w, locale);
  return (
    <section>
      <PageTitle>{t('grants.title')}</PageTitle>
      <p>{t(mayManage ? 'grants.introOfficer' : 'grants.introReader')}</p>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {editing ? (
        <CallForm
          call={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(c) => {
            setEditing(null);
            setSelected(c.id);
            setNotice({ kind: 'ok', text: t('grants.saved', { title: words(c.title) }) });
            load();
          }}
        />
      ) : (
        mayManage && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            {t('grants.openCall')}
          </button>
        )
      )}
      {calls === null ? (
        <p className="loading">{t('app.loading')}</p>
      ) : calls.length === 0 ? (
        <p>{t('grants.noCalls')}</p>
      ) : (
        <table className="table">
          <caption>{t('grants.calls')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('grants.col.call')}</th>
              <th scope="col">{t('grants.col.phase')}</th>
              <th scope="col">{t('grants.col.closes')}</th>
              <th scope="col" className="num">
                {t('grants.col.applications')}
              </th>
              <th scope="col" className="num">
                {t('grants.col.awarded')}
              </th>
            </tr>
          </thead>
          <tbody>
            {calls.map((c) => (
              <tr key={c.id} aria-current={c.id === selected ? 'true' : undefined}>
                <td>
                  <button type="button" className="link" onClick={() => setSelected(c.id)}>
                    {words(c.title)}
                  </button>{' '}
                  <span className="muted">({c.unit})</span>
                </td>
                <td>{t(`grants.phase.${c.phase}`)}</td>
                <td>{new Date(c.closesAt).toLocaleString(locale)}</td>
                <td className="num">{c.applications}</td>
                <td className="num">
                  {t('grants.ofEnvelope', { awarded: c.awarded, envelope: c.envelope, currency: c.currency })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && !editing && (
        <Dashboard
          key={selected}
          id={selected}
          mayManage={mayManage}
          onEdit={(c) => setEditing(c)}
          onChanged={load}
          fail={fail}
          notify={(text) => setNotice({ kind: 'ok', text })}
        />
      )}
    </section>
  );
}

function Dashboard({
  id,
  mayManage,
  onEdit,
  onChanged,
  fail,
  notify,
}: {
  id: string;
  mayManage: boolean;
  onEdit: (c: GrantCall) => void;
  onChanged: () => void;
  fail: (e: unknown) => void;
  notify: (text: string) => void;
}) {
  const { t, locale } = useI18n();
  const [d, setD] = useState<CallDashboard | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  // Bumped by the call-wide actions (closing, assigning), which change what an open application shows.
  const [stamp, setStamp] = useState(0);
  const load = useCallback(() => {
    get(`/grants/calls/${id}`).then(setD).catch(fail);
  }, [id, fail]);
  useEffect(load, [load]);
  const ranked = useMemo(() => (d ? d.applications.filter((a) => a.score !== null) : []), [d]);
  const option = useMemo(
    () => ({
      animation: false,
      aria: { enabled: true },
      grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
      xAxis: {
        type: 'value',
        min: 0,
        max: 100,
        name: t('grants.chart.score'),
        nameLocation: 'middle',
        nameGap: 26,
      },
      yAxis: { type: 'category', inverse: true, data: ranked.map((a) => `${a.rank}. ${a.group}`) },
      series: [
        {
          type: 'bar',
          data: ranked.map((a) => ({
            value: Math.round((a.score ?? 0) * 10) / 10,
            itemStyle: { color: a.decision === 'awarded' ? '#1b6e3a' : a.fits ? '#0072B2' : '#9aa5b1' },
          })),
          label: { show: true, position: 'right' },
        },
      ],
    }),
    [ranked, t],
  );
  if (!d) return <p className="loading">{t('app.loading')}</p>;
  const { call, money } = d;
  const title = inLanguage(call.title, locale);
  const publicUrl = `${location.origin}${call.publicPath}`;
  const act = async (run: () => Promise<string>) => {
    try {
      notify(await run());
      load();
      setStamp((n) => n + 1);
      onChanged();
    } catch (e) {
      fail(e);
    }
  };
  return (
    <section className="grants-dashboard" aria-labelledby="call-title">
      <h2 id="call-title">
        {title} <span className="muted">— {t(`grants.phase.${call.phase}`)}</span>
      </h2>
      <p>
        {t('grants.publicPage')}{' '}
        <a href={call.publicPath} target="_blank" rel="noreferrer">
          {publicUrl}
        </a>
      </p>
      <dl className="grants-money">
        {(['envelope', 'requested', 'suggested', 'awarded', 'paid'] as const).map((k) => (
          <div key={k}>
            <dt>{t(`grants.money.${k}`)}</dt>
            <dd>
              {money[k]} {call.currency}
            </dd>
          </div>
        ))}
      </dl>
      <div className="actions">
        {mayManage && (
          <>
            <button type="button" onClick={() => onEdit(call)}>
              {t('grants.edit')}
            </button>
            {call.phase === 'open' && (
              <button
                type="button"
                onClick={() => {
                  if (!window.confirm(t('grants.closeNowConfirm'))) return;
                  void act(async () => {
                    const body = callInputOf(draftOf(call));
                    await put(`/grants/calls/${call.id}`, { ...body, closesAt: new Date().toISOString() });
                    return t('grants.closedNow');
                  });
                }}
              >
                {t('grants.closeNow')}
              </button>
            )}
            {call.phase === 'closed' && (
              <button
                type="button"
                onClick={() =>
                  void act(async () => {
                    const r = await post(`/grants/calls/${call.id}/assignments`);
                    return r.short.length
                      ? t('grants.assignedShort', { added: r.added, short: r.short.length })
                      : t('grants.assigned', { added: r.added });
                  })
                }
              >
                {t('grants.assign')}
              </button>
            )}
          </>
        )}
        <button type="button" onClick={() => void download(`/grants/calls/${call.id}/decisions`).catch(fail)}>
          {t('grants.downloadDecisions')}
        </button>
      </div>
      {d.short.length > 0 && <Notice kind="info">{t('grants.shortPool', { n: d.short.length })}</Notice>}
      {ranked.length > 0 && (
        <figure>
          <Chart
            option={option}
            label={t('grants.chart.label', { title })}
            height={Math.max(160, ranked.length * 34 + 60)}
          />
          <figcaption className="muted">{t('grants.chart.caption')}</figcaption>
        </figure>
      )}
      <table className="table">
        <caption>{t('grants.applications', { n: d.applications.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('grants.col.rank')}</th>
            <th scope="col">{t('grants.col.group')}</th>
            <th scope="col" className="num">
              {t('grants.col.asked')}
            </th>
            <th scope="col">{t('grants.col.screening')}</th>
            <th scope="col">{t('grants.col.reviews')}</th>
            <th scope="col" className="num">
              {t('grants.col.score')}
            </th>
            <th scope="col">{t('grants.col.suggestion')}</th>
            <th scope="col">{t('grants.col.decision')}</th>
          </tr>
        </thead>
        <tbody>
          {d.applications.map((a) => (
            <tr key={a.id} aria-current={a.id === open ? 'true' : undefined}>
              <td>{a.rank ?? '—'}</td>
              <td>
                {mayManage ? (
                  <button type="button" className="link" onClick={() => setOpen(a.id)}>
                    {a.group}
                  </button>
                ) : (
                  a.group
                )}{' '}
                <span className="muted">
                  {a.ref} · {a.country}
                </span>
                {a.missing.length > 0 && (
                  <span className="warn"> · {t('grants.missing', { n: a.missing.length })}</span>
                )}
              </td>
              <td className="num">{a.amount}</td>
              <td>{t(`grants.screening.${a.screening}`)}</td>
              <td>
                {t('grants.reviewCount', {
                  submitted: a.reviewers.submitted,
                  assigned: a.reviewers.assigned,
                })}
                {a.reviewers.conflicts > 0 && (
                  <span className="muted"> · {t('grants.conflicts', { n: a.reviewers.conflicts })}</span>
                )}
              </td>
              <td className="num">
                {a.score === null ? '—' : a.score.toFixed(1)}
                {a.disagree && (
                  <span
                    className="warn"
                    title={t('grants.disagreeTitle', { spread: a.spread?.toFixed(1) ?? '' })}
                  >
                    {' '}
                    ⚠ {t('grants.disagree')}
                  </span>
                )}
              </td>
              <td>{a.rank === null ? '—' : a.fits ? t('grants.fits') : t('grants.beyond')}</td>
              <td>
                {t(`grants.decision.${a.decision}`)}
                {a.awardedAmount && ` · ${a.awardedAmount}`}
                {a.grantStatus && <span className="muted"> · {t(`grants.status.${a.grantStatus}`)}</span>}
                {a.reportsLate > 0 && (
                  <span className="warn"> · {t('grants.reportsLate', { n: a.reportsLate })}</span>
                )}
                {a.reportsDue > 0 && (
                  <span className="muted"> · {t('grants.reportsDue', { n: a.reportsDue })}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && mayManage && (
        <ApplicationPanel
          key={open}
          id={open}
          call={call}
          stamp={stamp}
          onChanged={() => {
            load();
            onChanged();
          }}
          fail={fail}
          notify={notify}
        />
      )}
      {d.reviewers.length > 0 && (
        <table className="table table--numbers">
          <caption>{t('grants.reviewerLoad')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('grants.col.reviewer')}</th>
              <th scope="col">{t('grants.col.assigned')}</th>
              <th scope="col">{t('grants.col.submitted')}</th>
              <th scope="col">{t('grants.col.conflicts')}</th>
            </tr>
          </thead>
          <tbody>
            {d.reviewers.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.name}</th>
                <td>{r.assigned}</td>
                <td>{r.submitted}</td>
                <td>{r.conflicts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
