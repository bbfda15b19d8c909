/** Referrals to follow up: overdue first, then all open ones; record completed, declined or lost. */

import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, patch } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Link } from '../../shared/router.js';
import { Notice, PageTitle } from '../../shared/ui.js';
import { today } from './programme.js';

interface Referral {
  id: string;
  clientId: string;
  clientRef: string;
  service: string;
  siteCode: string;
  issuedDate: string;
  dueDate: string;
  status: string;
  overdueDays: number;
}

export function ReferralsPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<'overdue' | 'issued' | 'completed'>('overdue');
  const [rows, setRows] = useState<Referral[]>([]);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const load = useCallback(
    async () => setRows(await get<Referral[]>(`/referrals?status=${filter}`)),
    [filter],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const update = async (r: Referral, status: string) => {
    try {
      await patch(
        `/referrals/${r.id}`,
        status === 'completed' ? { status, completedDate: today() } : { status },
      );
      setNotice({
        kind: 'ok',
        text: t('referrals.updated', { ref: r.clientRef, status: t(`referralStatus.${status}`) }),
      });
      await load();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };
  return (
    <section>
      <PageTitle>{t('referrals.title')}</PageTitle>
      <fieldset className="tabs">
        <legend className="visually-hidden">{t('referrals.filter')}</legend>
        {(['overdue', 'issued', 'completed'] as const).map((f) => (
          <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {t(`referrals.${f}`)}
          </button>
        ))}
      </fieldset>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <p role="status">{t('referrals.count', { n: rows.length })}</p>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('clients.ref')}</th>
            <th scope="col">{t('referrals.service')}</th>
            <th scope="col">{t('referrals.site')}</th>
            <th scope="col">{t('referrals.issued')}</th>
            <th scope="col">{t('referrals.due')}</th>
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
              <td>{r.siteCode}</td>
              <td>{r.issuedDate}</td>
              <td>
                {r.dueDate}
                {r.overdueDays > 0 ? ` (${t('referrals.daysOverdue', { n: r.overdueDays })})` : ''}
              </td>
              <td className="actions">
                {r.status === 'issued' && (
                  <>
                    <button type="button" onClick={() => void update(r, 'completed')}>
                      {t('referrals.markCompleted')}
                    </button>
                    <button type="button" onClick={() => void update(r, 'declined')}>
                      {t('referrals.markDeclined')}
                    </button>
                    <button type="button" onClick={() => void update(r, 'lost')}>
                      {t('referrals.markLost')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
