/** The OST dispensing list: who is on treatment at this site, last dose, missed days — dispense with one click. */

import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Link } from '../../shared/router.js';
import { Notice, PageTitle } from '../../shared/ui.js';
import { SitePicker, useSiteFor } from '../work-site.js';

interface Patient {
  clientId: string;
  clientRef: string;
  startDate: string;
  medicine: string | null;
  lastDoseDate: string | null;
  lastDoseMg: number | null;
  daysSinceDose: number;
  missed: boolean;
  dosedToday: boolean;
}

export function OstPage() {
  const { t } = useI18n();
  const site = useSiteFor('ost.dispense');
  const [rows, setRows] = useState<Patient[]>([]);
  const [mg, setMg] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const load = useCallback(async () => {
    if (site) setRows(await get<Patient[]>(`/ost/register?siteCode=${encodeURIComponent(site.code)}`));
  }, [site]);
  useEffect(() => {
    void load();
  }, [load]);
  const dispense = async (p: Patient) => {
    const dose = Number(mg[p.clientId] ?? p.lastDoseMg ?? 0);
    try {
      await post('/ost/doses', {
        clientId: p.clientId,
        siteCode: site!.code,
        medicine: p.medicine ?? 'methadone',
        mg: dose,
      });
      setNotice({ kind: 'ok', text: t('ost.dispensed', { ref: p.clientRef, mg: dose }) });
      await load();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };
  const missed = rows.filter((r) => r.missed).length;
  return (
    <section>
      <PageTitle>{t('ost.title')}</PageTitle>
      <SitePicker permission="ost.dispense" />
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <p role="status">{t('ost.summary', { n: rows.length, missed })}</p>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('clients.ref')}</th>
            <th scope="col">{t('ost.medicine')}</th>
            <th scope="col">{t('ost.since')}</th>
            <th scope="col">{t('ost.lastDose')}</th>
            <th scope="col">{t('ost.daysSince')}</th>
            <th scope="col">{t('ost.dose')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.clientId} className={p.missed ? 'overdue' : undefined}>
              <td>
                <Link href={`/console/clients/${p.clientId}`}>{p.clientRef}</Link>
              </td>
              <td>{p.medicine ? t(`medicine.${p.medicine}`) : '—'}</td>
              <td>{p.startDate}</td>
              <td>
                {p.lastDoseDate ? `${p.lastDoseDate}${p.lastDoseMg ? ` · ${p.lastDoseMg} mg` : ''}` : '—'}
              </td>
              <td>
                {p.missed ? <strong>{t('ost.missed', { n: p.daysSinceDose })}</strong> : p.daysSinceDose}
              </td>
              <td className="actions">
                {p.dosedToday ? (
                  t('ost.dosedToday')
                ) : (
                  <>
                    <label className="visually-hidden" htmlFor={`mg-${p.clientId}`}>
                      {t('ost.mg')}
                    </label>
                    <input
                      id={`mg-${p.clientId}`}
                      className="mg"
                      inputMode="decimal"
                      placeholder={p.lastDoseMg ? String(p.lastDoseMg) : 'mg'}
                      value={mg[p.clientId] ?? ''}
                      onChange={(e) => setMg({ ...mg, [p.clientId]: e.target.value.replace(/[^\d.]/g, '') })}
                    />
                    <button
                      type="button"
                      className="primary"
                      disabled={!(mg[p.clientId] || p.lastDoseMg)}
                      onClick={() => void dispense(p)}
                    >
                      {t('ost.dispense')}
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
