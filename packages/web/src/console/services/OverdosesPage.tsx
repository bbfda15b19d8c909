/**
 * Overdoses at a site: record one responded to (anyone, client or not), see the site's recent ones
 * (from phones and the console) and void one recorded in error. Answers are checked against the
 * API's contract.
 */

import { OVERDOSE_OUTCOMES, OVERDOSE_PLACES, type OverdoseView, overdoseView } from '@harbour/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Field, Notice, PageTitle, SelectField } from '../../shared/ui.js';
import { useSession } from '../session.js';
import { SitePicker, useSiteFor } from '../work-site.js';
import { today } from './programme.js';

const listAnswer = z.object({ overdoses: z.array(overdoseView) });

export function OverdosesPage() {
  const { t } = useI18n();
  const site = useSiteFor('contact.write');
  const canVoid = useSession().can('contact.correct');
  const [rows, setRows] = useState<OverdoseView[]>([]);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const blank = () => ({
    date: today(),
    time: '',
    place: 'public_place',
    ambulance: 'no',
    doses: '1',
    outcome: 'survived',
  });
  const [form, setForm] = useState(blank);
  const load = useCallback(async () => {
    setRows(listAnswer.parse(await get('/overdoses?limit=100')).overdoses);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const failed = (err: unknown) =>
    setNotice({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!site) return;
    try {
      await post('/overdoses', {
        siteCode: site.code,
        clientId: null,
        date: form.date,
        time: form.time || null,
        place: form.place,
        ambulance: form.ambulance === 'yes',
        doses: Number(form.doses),
        outcome: form.outcome,
      });
      setNotice({ kind: 'ok', text: t('overdoses.saved') });
      setForm(blank());
      await load();
    } catch (err) {
      failed(err);
    }
  };
  const voidOne = async (o: OverdoseView) => {
    if (!window.confirm(t('overdoses.confirmVoid', { date: o.date }))) return;
    try {
      await post(`/overdoses/${o.id}/void`, { reason: 'entered_in_error' });
      setNotice({ kind: 'ok', text: t('overdoses.voided') });
      await load();
    } catch (err) {
      failed(err);
    }
  };
  const set = (k: keyof ReturnType<typeof blank>) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  return (
    <section>
      <PageTitle>{t('overdoses.title')}</PageTitle>
      <p>{t('overdoses.intro')}</p>
      <SitePicker permission="contact.write" />
      <form onSubmit={(e) => void save(e)} className="panel" aria-labelledby="od-new">
        <h2 id="od-new">{t('overdoses.new')}</h2>
        <div className="filters">
          <Field
            label={t('field.overdose.date')}
            type="date"
            value={form.date}
            max={today()}
            onChange={set('date')}
          />
          <Field label={t('field.overdose.time')} type="time" value={form.time} onChange={set('time')} />
          <SelectField label={t('field.overdose.place')} value={form.place} onChange={set('place')}>
            {OVERDOSE_PLACES.map((p) => (
              <option key={p} value={p}>
                {t(`field.overdose.place.${p}`)}
              </option>
            ))}
          </SelectField>
          <Field
            label={t('field.overdose.kits')}
            type="number"
            min={0}
            max={20}
            value={form.doses}
            onChange={set('doses')}
          />
          <SelectField
            label={t('field.overdose.ambulance')}
            value={form.ambulance}
            onChange={set('ambulance')}
          >
            <option value="yes">{t('field.overdose.yes')}</option>
            <option value="no">{t('field.overdose.no')}</option>
          </SelectField>
          <SelectField label={t('field.overdose.outcome')} value={form.outcome} onChange={set('outcome')}>
            {OVERDOSE_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`field.overdose.${o}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <button type="submit" className="primary">
          {t('overdoses.save')}
        </button>
      </form>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <h2>{t('overdoses.recent')}</h2>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('field.overdose.date')}</th>
            <th scope="col">{t('referrals.site')}</th>
            <th scope="col">{t('field.overdose.place')}</th>
            <th scope="col">{t('field.overdose.kits')}</th>
            <th scope="col">{t('field.overdose.ambulance')}</th>
            <th scope="col">{t('field.overdose.outcome')}</th>
            <th scope="col">{t('overdoses.client')}</th>
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <tr key={o.id} className={o.voided ? 'voided' : undefined}>
              <td>
                {o.date} {o.time ?? ''}
              </td>
              <td>{o.site}</td>
              <td>{t(`field.overdose.place.${o.place}`)}</td>
              <td>{o.doses}</td>
              <td>{o.ambulance ? t('field.overdose.yes') : t('field.overdose.no')}</td>
              <td>{t(`field.overdose.${o.outcome}`)}</td>
              <td>{o.client ? t('field.overdose.yes') : t('field.overdose.no')}</td>
              <td className="actions">
                {o.voided ? (
                  t('overdoses.isVoided')
                ) : !canVoid ? null : (
                  <button type="button" onClick={() => void voidOne(o)}>
                    {t('overdoses.void')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
