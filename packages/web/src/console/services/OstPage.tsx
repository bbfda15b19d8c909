/**
 * The OST dispensing list as a clinic runs it: who is on treatment at this site, their prescription
 * (medicine, daily dose, take-home days), last dose and missed days. Dispensing follows the
 * prescription and asks the medicine when nobody has said it; a prescription can be changed and an
 * episode ended with a reason, each in its own row. Clients lost to treatment (the programme's limit
 * of days without a dose) have left the list.
 */

import { OST_MEDICINES, OST_STOP_REASONS, type OstRegisterRow } from '@harbour/core';
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Link } from '../../shared/router.js';
import { Notice, PageTitle } from '../../shared/ui.js';
import { SitePicker, useSiteFor } from '../work-site.js';
import { today } from './programme.js';

/** A row of the clinic's register, as the API declares it. */
type Patient = OstRegisterRow;

/** What the row is doing besides dispensing: changing the prescription or ending the episode. */
type Editing =
  | { clientId: string; kind: 'prescription'; medicine: string; mg: string; takeHomeDays: string }
  | { clientId: string; kind: 'stop'; reason: string; date: string };

export function OstPage() {
  const { t } = useI18n();
  const site = useSiteFor('ost.dispense');
  const [rows, setRows] = useState<Patient[]>([]);
  const [mg, setMg] = useState<Record<string, string>>({});
  const [medicine, setMedicine] = useState<Record<string, string>>({});
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string; at: string } | null>(null);
  const load = useCallback(async () => {
    if (site) setRows(await get(`/ost/register?siteCode=${encodeURIComponent(site.code)}`));
  }, [site]);
  useEffect(() => {
    void load();
  }, [load]);
  const act = async (
    p: Patient,
    path: '/ost/doses' | '/ost/prescriptions' | '/ost/stops',
    body: Record<string, unknown>,
    ok: string,
  ) => {
    try {
      await post(path, { clientId: p.clientId, siteCode: site!.code, ...body });
      setNotice({ kind: 'ok', text: ok, at: p.clientId });
      setEditing(null);
      await load();
    } catch (err) {
      setNotice({
        kind: 'error',
        text: err instanceof ApiError ? localiseProblem(t, err) : String(err),
        at: p.clientId,
      });
    }
  };
  const medicineOf = (p: Patient) => medicine[p.clientId] || p.prescription?.medicine || p.medicine || '';
  const doseOf = (p: Patient) => Number(mg[p.clientId] || p.prescription?.mg || p.lastDoseMg || 0);
  const dispense = (p: Patient) =>
    act(
      p,
      '/ost/doses',
      { medicine: medicineOf(p), mg: doseOf(p) },
      t('ost.dispensed', { ref: p.clientRef, mg: doseOf(p) }),
    );
  const missed = rows.filter((r) => r.missed).length;
  return (
    <section>
      <PageTitle>{t('ost.title')}</PageTitle>
      <SitePicker permission="ost.dispense" />
      {notice && !rows.some((r) => r.clientId === notice.at) && (
        <Notice kind={notice.kind}>{notice.text}</Notice>
      )}
      <p role="status">{t('ost.summary', { n: rows.length, missed })}</p>
      <p>{t('ost.lostNote')}</p>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('clients.ref')}</th>
            <th scope="col">{t('ost.prescription')}</th>
            <th scope="col">{t('ost.since')}</th>
            <th scope="col">{t('ost.lastDose')}</th>
            <th scope="col">{t('ost.daysSince')}</th>
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.clientId} className={p.missed ? 'overdue' : undefined}>
              <td>
                <Link href={`/console/clients/${p.clientId}`}>{p.clientRef}</Link>
              </td>
              <td>
                {p.prescription
                  ? t('ost.prescribed', {
                      medicine: t(`medicine.${p.prescription.medicine}`),
                      mg: p.prescription.mg,
                      days: p.prescription.takeHomeDays,
                    })
                  : p.medicine
                    ? `${t(`medicine.${p.medicine}`)} · ${t('ost.noPrescription')}`
                    : t('ost.noPrescription')}
              </td>
              <td>{p.startDate}</td>
              <td>
                {p.lastDoseDate ? `${p.lastDoseDate}${p.lastDoseMg ? ` · ${p.lastDoseMg} mg` : ''}` : '—'}
              </td>
              <td>
                {p.missed ? <strong>{t('ost.missed', { n: p.daysSinceDose })}</strong> : p.daysSinceDose}
              </td>
              <td className="actions">
                {notice?.at === p.clientId && <Notice kind={notice.kind}>{notice.text}</Notice>}
                {editing?.clientId === p.clientId ? (
                  <RowForm p={p} editing={editing} setEditing={setEditing} act={act} />
                ) : (
                  <>
                    {p.dosedToday ? (
                      <span>{t('ost.dosedToday')}</span>
                    ) : (
                      <>
                        {/* Nobody has said the medicine: ask, never guess. */}
                        {!p.prescription && !p.medicine ? (
                          <>
                            <label className="visually-hidden" htmlFor={`med-${p.clientId}`}>
                              {t('ost.medicine')}
                            </label>
                            <select
                              id={`med-${p.clientId}`}
                              value={medicine[p.clientId] ?? ''}
                              onChange={(e) => setMedicine({ ...medicine, [p.clientId]: e.target.value })}
                            >
                              <option value="">{t('ost.chooseMedicine')}</option>
                              {OST_MEDICINES.map((m) => (
                                <option key={m} value={m}>
                                  {t(`medicine.${m}`)}
                                </option>
                              ))}
                            </select>
                          </>
                        ) : null}
                        <label className="visually-hidden" htmlFor={`mg-${p.clientId}`}>
                          {t('ost.mg')}
                        </label>
                        <input
                          id={`mg-${p.clientId}`}
                          className="mg"
                          inputMode="decimal"
                          placeholder={String(p.prescription?.mg ?? p.lastDoseMg ?? 'mg')}
                          value={mg[p.clientId] ?? ''}
                          onChange={(e) =>
                            setMg({ ...mg, [p.clientId]: e.target.value.replace(/[^\d.]/g, '') })
                          }
                        />
                        <button
                          type="button"
                          className="primary"
                          disabled={!medicineOf(p) || !doseOf(p)}
                          onClick={() => void dispense(p)}
                        >
                          {t('ost.dispense')}
                        </button>
                      </>
                    )}
                    <button
                      type="button"
                      onClick={() =>
                        setEditing({
                          clientId: p.clientId,
                          kind: 'prescription',
                          medicine: p.prescription?.medicine ?? p.medicine ?? 'methadone',
                          mg: String(p.prescription?.mg ?? p.lastDoseMg ?? ''),
                          takeHomeDays: String(p.prescription?.takeHomeDays ?? 0),
                        })
                      }
                    >
                      {t('ost.prescribe')}
                    </button>
                    <button
                      type="button"
                      onClick={() =>
                        setEditing({ clientId: p.clientId, kind: 'stop', reason: 'completed', date: today() })
                      }
                    >
                      {t('ost.stopButton')}
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

/** Changing a prescription or ending an episode, in the client's own row. */
function RowForm({
  p,
  editing,
  setEditing,
  act,
}: {
  p: Patient;
  editing: Editing;
  setEditing: (e: Editing | null) => void;
  act: (
    p: Patient,
    path: '/ost/doses' | '/ost/prescriptions' | '/ost/stops',
    body: Record<string, unknown>,
    ok: string,
  ) => Promise<void>;
}) {
  const { t } = useI18n();
  const cancel = (
    <button type="button" onClick={() => setEditing(null)}>
      {t('referrals.cancel')}
    </button>
  );
  if (editing.kind === 'prescription')
    return (
      <form
        className="inline-outcome"
        aria-label={t('ost.prescribeFor', { ref: p.clientRef })}
        onSubmit={(e) => {
          e.preventDefault();
          void act(
            p,
            '/ost/prescriptions',
            {
              medicine: editing.medicine,
              mg: Number(editing.mg),
              takeHomeDays: Number(editing.takeHomeDays),
            },
            t('ost.prescriptionSaved', { ref: p.clientRef }),
          );
        }}
      >
        <label>
          {t('ost.medicine')}{' '}
          <select
            value={editing.medicine}
            onChange={(e) => setEditing({ ...editing, medicine: e.target.value })}
          >
            {OST_MEDICINES.map((m) => (
              <option key={m} value={m}>
                {t(`medicine.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('ost.mg')}{' '}
          <input
            required
            inputMode="decimal"
            className="mg"
            value={editing.mg}
            onChange={(e) => setEditing({ ...editing, mg: e.target.value.replace(/[^\d.]/g, '') })}
          />
        </label>
        <label>
          {t('ost.takeHome')}{' '}
          <input
            type="number"
            min={0}
            max={30}
            className="mg"
            value={editing.takeHomeDays}
            onChange={(e) => setEditing({ ...editing, takeHomeDays: e.target.value })}
          />
        </label>
        <button type="submit" className="primary">
          {t('ost.savePrescription')}
        </button>
        {cancel}
      </form>
    );
  return (
    <form
      className="inline-outcome"
      aria-label={t('ost.stopFor', { ref: p.clientRef })}
      onSubmit={(e) => {
        e.preventDefault();
        void act(
          p,
          '/ost/stops',
          { reason: editing.reason, date: editing.date },
          t('ost.stopped', { ref: p.clientRef, reason: t(`ostStop.${editing.reason}`) }),
        );
      }}
    >
      <label>
        {t('ost.stopReason')}{' '}
        <select value={editing.reason} onChange={(e) => setEditing({ ...editing, reason: e.target.value })}>
          {OST_STOP_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`ostStop.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('ost.firstDayOff')}{' '}
        <input
          type="date"
          required
          min={p.startDate}
          max={today()}
          value={editing.date}
          onChange={(e) => setEditing({ ...editing, date: e.target.value })}
        />
      </label>
      <button type="submit" className="primary">
        {t('ost.confirmStop')}
      </button>
      {cancel}
    </form>
  );
}
