/**
 * Referrals to follow up: overdue ones most urgent first (ART, OST and TB before social support; see
 * core referrals.ts), then open, completed, declined and lost ones. An outcome asks for its date
 * (today by default) and can be undone; where the referral is to (a provider's name) can be said.
 */

import type { ReferralRow } from '@harbour/core';
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, patch } from '../../shared/api.js';
import type { BodyAt } from '../../shared/contract.js';
import { localiseProblem } from '../../shared/errors.js';
import { Link } from '../../shared/router.js';
import { Notice, PageTitle } from '../../shared/ui.js';
import { today } from './programme.js';

/** A referral as the API declares it. */
type Referral = ReferralRow;

const FILTERS = ['overdue', 'issued', 'completed', 'declined', 'lost'] as const;
const OUTCOMES = ['completed', 'declined', 'lost'] as const;

export function ReferralsPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('overdue');
  const [rows, setRows] = useState<Referral[]>([]);
  /** The referral whose outcome is being recorded, with the outcome and date chosen so far. */
  const [closing, setClosing] = useState<{
    id: string;
    status: string;
    date: string;
    provider: string;
  } | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string; at: string } | null>(null);
  const load = useCallback(async () => setRows(await get(`/referrals?status=${filter}`)), [filter]);
  useEffect(() => {
    void load();
  }, [load]);
  const send = async (r: Referral, body: BodyAt<'patch', `/referrals/${string}`>, text: string) => {
    try {
      await patch(`/referrals/${r.id}`, body);
      setNotice({ kind: 'ok', text, at: r.id });
      setClosing(null);
      await load();
    } catch (err) {
      setNotice({
        kind: 'error',
        text: err instanceof ApiError ? localiseProblem(t, err) : String(err),
        at: r.id,
      });
    }
  };
  const record = (r: Referral) =>
    closing &&
    send(
      r,
      { status: closing.status, date: closing.date, provider: closing.provider || null },
      t('referrals.updated', { ref: r.clientRef, status: t(`referralStatus.${closing.status}`) }),
    );
  const undo = (r: Referral) => send(r, { status: 'issued' }, t('referrals.reopened', { ref: r.clientRef }));

  return (
    <section>
      <PageTitle>{t('referrals.title')}</PageTitle>
      <fieldset className="tabs">
        <legend className="visually-hidden">{t('referrals.filter')}</legend>
        {FILTERS.map((f) => (
          <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {t(`referrals.${f}`)}
          </button>
        ))}
      </fieldset>
      {filter === 'overdue' ? <p>{t('referrals.urgentFirst')}</p> : null}
      {notice && !rows.some((r) => r.id === notice.at) && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <p role="status">{t('referrals.count', { n: rows.length })}</p>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('clients.ref')}</th>
            <th scope="col">{t('referrals.service')}</th>
            <th scope="col">{t('referrals.provider')}</th>
            <th scope="col">{t('referrals.site')}</th>
            <th scope="col">{t('referrals.issuedOn')}</th>
            <th scope="col">
              {filter === 'overdue' || filter === 'issued' ? t('referrals.due') : t('referrals.outcomeDate')}
            </th>
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={r.overdueDays > 0 ? 'overdue' : undefined}>
              <td>
                <Link href={`/console/clients/${r.clientId}`}>{r.clientRef}</Link>
              </td>
              <td>{t(`referral.${r.service}`)}</td>
              <td>{r.provider ?? '—'}</td>
              <td>{r.siteCode}</td>
              <td>{r.issuedDate}</td>
              <td>
                {r.status === 'issued' ? r.dueDate : r.completedDate}
                {r.overdueDays > 0 ? ` (${t('referrals.daysOverdue', { n: r.overdueDays })})` : ''}
              </td>
              <td className="actions">
                {notice?.at === r.id && <Notice kind={notice.kind}>{notice.text}</Notice>}
                {r.status !== 'issued' ? (
                  <button type="button" onClick={() => void undo(r)}>
                    {t('referrals.undo')}
                  </button>
                ) : closing?.id === r.id ? (
                  <form
                    className="inline-outcome"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void record(r);
                    }}
                  >
                    <label>
                      {t('referrals.outcome')}{' '}
                      <select
                        value={closing.status}
                        onChange={(e) => setClosing({ ...closing, status: e.target.value })}
                      >
                        {OUTCOMES.map((o) => (
                          <option key={o} value={o}>
                            {t(`referralStatus.${o}`)}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label>
                      {t('referrals.outcomeDate')}{' '}
                      <input
                        type="date"
                        required
                        min={r.issuedDate}
                        max={today()}
                        value={closing.date}
                        onChange={(e) => setClosing({ ...closing, date: e.target.value })}
                      />
                    </label>
                    <label>
                      {t('referrals.provider')}{' '}
                      <input
                        maxLength={80}
                        value={closing.provider}
                        onChange={(e) => setClosing({ ...closing, provider: e.target.value })}
                      />
                    </label>
                    <button type="submit" className="primary">
                      {t('referrals.save')}
                    </button>
                    <button type="button" onClick={() => setClosing(null)}>
                      {t('referrals.cancel')}
                    </button>
                  </form>
                ) : (
                  OUTCOMES.map((o) => (
                    <button
                      key={o}
                      type="button"
                      onClick={() =>
                        setClosing({ id: r.id, status: o, date: today(), provider: r.provider ?? '' })
                      }
                    >
                      {t(`referrals.mark${o[0]!.toUpperCase()}${o.slice(1)}`)}
                    </button>
                  ))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
