/**
 * Capture a rights violation in the field, offline. Sealed on save to the organisation's key: after
 * that this phone cannot read it, only the organisation's rights responders after sync.
 */

import { KEY_POPULATIONS, PERPETRATORS, RIGHTS_AGE_BANDS, SEXES, VIOLATIONS } from '@harbour/core';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import type { FieldSession } from '../store.js';
import { BigButton, Screen } from './ui.js';

export function RightsCaptureScreen({ session, back }: { session: FieldSession; back: () => void }) {
  const { t } = useI18n();
  const places = session.secrets.settings.rightsPlaces ?? [];
  const [consent, setConsent] = useState({ record: false, advocacy: false, contact: false });
  const [form, setForm] = useState({
    occurredOn: session.today(),
    placeCode: places[0]?.code ?? '',
    sex: 'unknown',
    ageBand: 'unknown',
    kp: 'pwid',
    violation: 'police_violence',
    perpetrator: 'police',
    narrative: '',
  });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    document.getElementById('f-title')?.focus();
  }, []);
  const set = (k: keyof typeof form, v: string) => setForm({ ...form, [k]: v });

  async function save() {
    if (!consent.record) return setMessage({ ok: false, text: t('field.rights.needConsent') });
    if (!form.placeCode) return setMessage({ ok: false, text: t('field.rights.syncFirst') });
    try {
      await session.captureRightsCase({
        placeCode: form.placeCode,
        occurredOn: form.occurredOn,
        channel: 'outreach',
        person: { sex: form.sex, ageBand: form.ageBand, kp: form.kp || null },
        consent,
        acts: [{ violation: form.violation, perpetrator: form.perpetrator }],
        narrative: form.narrative,
      });
      setForm({ ...form, narrative: '' });
      setConsent({ record: false, advocacy: false, contact: false });
      setMessage({ ok: true, text: t('field.rights.sealed') });
    } catch {
      setMessage({ ok: false, text: t('field.rights.syncFirst') });
    }
  }

  const select = (
    k: keyof typeof form,
    label: string,
    options: readonly string[],
    text: (o: string) => string,
  ) => (
    <label className="f-field">
      {label}
      <select value={form[k]} onChange={(e) => set(k, e.target.value)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {text(o)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <Screen title={t('field.rights.title')} back={back}>
      <p className="f-muted">{t('field.rights.intro')}</p>
      <fieldset className="f-new">
        <legend>{t('field.rights.consent')}</legend>
        {(['record', 'advocacy', 'contact'] as const).map((c) => (
          <label key={c} className="f-check">
            <input
              type="checkbox"
              checked={consent[c]}
              onChange={(e) => setConsent({ ...consent, [c]: e.target.checked })}
            />{' '}
            {t(`field.rights.consent.${c}`)}
          </label>
        ))}
      </fieldset>
      <label className="f-field">
        {t('field.rights.when')}
        <input type="date" value={form.occurredOn} onChange={(e) => set('occurredOn', e.target.value)} />
      </label>
      <label className="f-field">
        {t('field.rights.where')}
        <select value={form.placeCode} onChange={(e) => set('placeCode', e.target.value)}>
          {places.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {select('violation', t('field.rights.what'), VIOLATIONS, (v) => t(`violation.${v}`))}
      {select('perpetrator', t('field.rights.who'), PERPETRATORS, (p) => t(`perpetrator.${p}`))}
      {select('sex', t('field.question.sex'), SEXES, (s) => t(`sex.${s}`))}
      {select('ageBand', t('field.rights.age'), RIGHTS_AGE_BANDS, (a) =>
        a === 'unknown' ? t('field.overdose.unknown') : a,
      )}
      {select('kp', t('field.enrol.kp'), KEY_POPULATIONS, (k) => t(`kp.${k}`))}
      <label className="f-field">
        {t('field.rights.story')}
        <textarea rows={5} value={form.narrative} onChange={(e) => set('narrative', e.target.value)} />
      </label>
      <p className="f-muted">{t('field.rights.noNames')}</p>
      <BigButton kind="primary" icon="lock" onClick={() => void save()} testId="save-rights">
        {t('field.rights.save')}
      </BigButton>
      {message ? (
        <p className={message.ok ? 'f-ok' : 'f-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      ) : null}
    </Screen>
  );
}
