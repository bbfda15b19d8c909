/**
 * Rights cases for responders: the list (open, closed, all), follow-ups due, and recording a case.
 * Outreach workers only see the recording form: they capture cases but never read them back.
 */

import {
  type CaseSummary,
  CHANNELS,
  type FollowUpDue,
  KEY_POPULATIONS,
  PERPETRATORS,
  RIGHTS_AGE_BANDS,
  SEXES,
  STATUS_SAID,
  VIOLATIONS,
} from '@harbour/core';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Link, navigate } from '../../shared/router.js';
import { Field, Notice, PageTitle, SelectField } from '../../shared/ui.js';
import { useSession } from '../session.js';

interface Unit {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  orgId: string | null;
}

export function RightsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [status, setStatus] = useState<'open' | 'closed' | 'all'>('open');
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [due, setDue] = useState<FollowUpDue[]>([]);
  const responder = can('rights.case');
  useEffect(() => {
    if (!responder) return;
    void get(`/rights/cases?status=${status}`).then((r) => setCases(r.cases));
    void get('/rights/follow-ups').then((r) => setDue(r.followUps));
  }, [status, responder]);
  return (
    <section>
      <PageTitle>{t('rights.title')}</PageTitle>
      <p>{t('rights.intro')}</p>
      <p>
        <Link href="/console/rights/new" className="button">
          {t('rights.new')}
        </Link>
      </p>
      {responder ? (
        <>
          <h2>{t('rights.followUpsDue', { count: due.length })}</h2>
          <ul>
            {due.map((f) => (
              <li key={f.id}>
                <Link href={`/console/rights/${f.caseId}`}>{f.ref}</Link> — {f.dueDate}{' '}
                {f.overdue ? <strong>{t('rights.overdue')}</strong> : null}
              </li>
            ))}
          </ul>
          <fieldset className="tabs">
            <legend className="visually-hidden">{t('rights.filter')}</legend>
            {(['open', 'closed', 'all'] as const).map((s) => (
              <button key={s} type="button" aria-pressed={status === s} onClick={() => setStatus(s)}>
                {t(`rights.status.${s}`)}
              </button>
            ))}
          </fieldset>
          <table>
            <caption>{t('rights.caption', { count: cases.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rights.case')}</th>
                <th scope="col">{t('rights.when')}</th>
                <th scope="col">{t('rights.where')}</th>
                <th scope="col">{t('rights.what')}</th>
                <th scope="col">{t('rights.who')}</th>
                <th scope="col">{t('rights.state')}</th>
                <th scope="col">{t('rights.nextFollowUp')}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link href={`/console/rights/${c.id}`}>{c.ref}</Link>
                  </td>
                  <td>{c.occurredOn}</td>
                  <td>{c.place}</td>
                  <td>{c.violations.map((v) => t(`violation.${v}`)).join(', ')}</td>
                  <td>{c.perpetrators.map((p) => t(`perpetrator.${p}`)).join(', ')}</td>
                  <td>
                    {c.withdrawn
                      ? t('rights.withdrawn')
                      : c.status === 'closed'
                        ? t(`outcome.${c.outcome}`)
                        : t('rights.status.open')}
                  </td>
                  <td>{c.nextFollowUp ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

export function NewRightsCasePage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [units, setUnits] = useState<Unit[]>([]);
  const [form, setForm] = useState({
    siteCode: '',
    placeCode: '',
    occurredOn: new Date().toISOString().slice(0, 10),
    channel: 'outreach',
    sex: 'unknown',
    ageBand: 'unknown',
    kp: 'pwid',
    hiv: 'not_said',
    tb: 'not_said',
    uic: '',
    consentRecord: false,
    consentAdvocacy: false,
    consentContact: false,
    narrative: '',
  });
  const [acts, setActs] = useState([{ violation: 'police_violence', perpetrator: 'police' }]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    void get('/org-units').then((r) => {
      setUnits(r.units);
      const parents = new Set(r.units.map((u) => u.parentId));
      const site = r.units.find((u) => u.orgId && !parents.has(u.id));
      const place = r.units.find((u) => u.id === site?.parentId);
      setForm((f) => ({ ...f, siteCode: site?.code ?? '', placeCode: place?.code ?? '' }));
    });
  }, []);
  const parents = new Set(units.map((u) => u.parentId));
  const sites = units.filter((u) => u.orgId && !parents.has(u.id));
  const places = units.filter((u) => parents.has(u.id));
  const set = (k: keyof typeof form, v: string | boolean) => setForm({ ...form, [k]: v });

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setErrors({});
    try {
      const r = await post('/rights/cases', {
        siteCode: form.siteCode,
        placeCode: form.placeCode,
        occurredOn: form.occurredOn,
        channel: form.channel,
        person: { sex: form.sex, ageBand: form.ageBand, kp: form.kp || null, hiv: form.hiv, tb: form.tb },
        uic: form.uic || null,
        consent: { record: form.consentRecord, advocacy: form.consentAdvocacy, contact: form.consentContact },
        acts,
        narrative: form.narrative,
      });
      if (can('rights.case')) navigate(`/console/rights/${r.id}`);
      else setNotice({ kind: 'ok', text: t('rights.captured', { ref: r.ref }) });
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.byField());
        setNotice({ kind: 'error', text: localiseProblem(t, err) });
      }
    }
  }

  return (
    <section>
      <PageTitle>{t('rights.new')}</PageTitle>
      <form onSubmit={(e) => void save(e)} aria-label={t('rights.new')}>
        <fieldset>
          <legend>{t('rights.consent')}</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={form.consentRecord}
              onChange={(e) => set('consentRecord', e.target.checked)}
            />{' '}
            {t('rights.consentRecord')}
          </label>
          {errors['consent.record'] ? <p className="field__error">{errors['consent.record']}</p> : null}
          <label className="check">
            <input
              type="checkbox"
              checked={form.consentAdvocacy}
              onChange={(e) => set('consentAdvocacy', e.target.checked)}
            />{' '}
            {t('rights.consentAdvocacy')}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.consentContact}
              onChange={(e) => set('consentContact', e.target.checked)}
            />{' '}
            {t('rights.consentContact')}
          </label>
        </fieldset>
        <fieldset>
          <legend>{t('rights.event')}</legend>
          <Field
            label={t('rights.when')}
            type="date"
            value={form.occurredOn}
            onChange={(e) => set('occurredOn', e.target.value)}
            error={errors.occurredOn}
          />
          <SelectField
            label={t('rights.where')}
            value={form.placeCode}
            onChange={(e) => set('placeCode', e.target.value)}
            error={errors.placeCode}
          >
            {places.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('rights.recordedAt')}
            value={form.siteCode}
            onChange={(e) => set('siteCode', e.target.value)}
            error={errors.siteCode}
          >
            {sites.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('rights.channel')}
            value={form.channel}
            onChange={(e) => set('channel', e.target.value)}
          >
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </SelectField>
        </fieldset>
        <fieldset>
          <legend>{t('rights.person')}</legend>
          <SelectField label={t('rights.sex')} value={form.sex} onChange={(e) => set('sex', e.target.value)}>
            {SEXES.map((s) => (
              <option key={s} value={s}>
                {t(`sex.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('rights.ageBand')}
            value={form.ageBand}
            onChange={(e) => set('ageBand', e.target.value)}
          >
            {RIGHTS_AGE_BANDS.map((a) => (
              <option key={a} value={a}>
                {a === 'unknown' ? t('rights.unknown') : a}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('rights.kp')} value={form.kp} onChange={(e) => set('kp', e.target.value)}>
            {KEY_POPULATIONS.map((k) => (
              <option key={k} value={k}>
                {t(`kp.${k}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('rights.hiv')} value={form.hiv} onChange={(e) => set('hiv', e.target.value)}>
            {STATUS_SAID.map((s) => (
              <option key={s} value={s}>
                {t(`said.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('rights.tb')} value={form.tb} onChange={(e) => set('tb', e.target.value)}>
            {STATUS_SAID.map((s) => (
              <option key={s} value={s}>
                {t(`said.${s}`)}
              </option>
            ))}
          </SelectField>
          <Field
            label={t('rights.uic')}
            value={form.uic}
            onChange={(e) => set('uic', e.target.value)}
            error={errors.uic}
            autoComplete="off"
            hint={t('rights.uicHint')}
          />
        </fieldset>
        <fieldset>
          <legend>{t('rights.acts')}</legend>
          {acts.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: acts have no identity until saved
            <div key={i} className="act-row">
              <SelectField
                label={t('rights.violation')}
                value={a.violation}
                onChange={(e) =>
                  setActs(acts.map((x, j) => (j === i ? { ...x, violation: e.target.value } : x)))
                }
              >
                {VIOLATIONS.map((v) => (
                  <option key={v} value={v}>
                    {t(`violation.${v}`)}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={t('rights.perpetrator')}
                value={a.perpetrator}
                onChange={(e) =>
                  setActs(acts.map((x, j) => (j === i ? { ...x, perpetrator: e.target.value } : x)))
                }
              >
                {PERPETRATORS.map((p) => (
                  <option key={p} value={p}>
                    {t(`perpetrator.${p}`)}
                  </option>
                ))}
              </SelectField>
              {acts.length > 1 ? (
                <button type="button" onClick={() => setActs(acts.filter((_, j) => j !== i))}>
                  {t('rights.removeAct')}
                </button>
              ) : null}
            </div>
          ))}
          <button
            type="button"
            onClick={() => setActs([...acts, { violation: 'other', perpetrator: 'other' }])}
          >
            {t('rights.addAct')}
          </button>
        </fieldset>
        <div className="field">
          <label htmlFor="narrative">{t('rights.narrative')}</label>
          <textarea
            id="narrative"
            rows={6}
            value={form.narrative}
            onChange={(e) => set('narrative', e.target.value)}
            aria-describedby="narrative-hint"
          />
          <p className="field__hint" id="narrative-hint">
            {t('rights.narrativeHint')}
          </p>
        </div>
        <button type="submit" className="primary">
          {t('rights.save')}
        </button>
      </form>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
    </section>
  );
}
