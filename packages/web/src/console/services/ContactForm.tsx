/**
 * Recording a contact in a few keystrokes: quantities as numbers, results as choices, services as
 * ticks, laid out from the programme's catalogue — so a programme's own items appear too.
 */

import {
  type ContactItem,
  OST_MEDICINES as MEDICINES,
  PLACE_TYPES,
  REFERRAL_SERVICES as REFERRALS,
} from '@harbour/core';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { Field, Notice, SelectField } from '../../shared/ui.js';
import { type Programme, today } from './programme.js';

/** What a contact carried: core's schema, so the console and the server mean the same thing. */
export type { ContactItem };

export interface ContactDraft {
  date: string;
  placeType: string;
  items: ContactItem[];
}

interface State {
  date: string;
  placeType: string;
  qty: Record<string, string>;
  result: Record<string, string>;
  ticks: Record<string, boolean>;
  selfTest: boolean;
  copies: string;
  ostEvent: string;
  medicine: string;
  mg: string;
  referrals: Record<string, boolean>;
  /** Where each referral is to, by name (optional). */
  providers: Record<string, string>;
}

function fromDraft(d?: ContactDraft): State {
  const s: State = {
    date: d?.date ?? today(),
    placeType: d?.placeType ?? 'fixed_site',
    qty: {},
    result: {},
    ticks: {},
    selfTest: false,
    copies: '',
    ostEvent: '',
    medicine: '',
    mg: '',
    referrals: {},
    providers: {},
  };
  for (const i of d?.items ?? []) {
    if (i.code === 'referral' && i.to) {
      s.referrals[i.to] = true;
      if (i.provider) s.providers[i.to] = i.provider;
    } else if (i.code === 'ost') {
      s.ostEvent = i.event ?? '';
      s.medicine = i.medicine ?? '';
      s.mg = i.mg ? String(i.mg) : '';
    } else if (i.code === 'viral_load') s.copies = String(i.copies ?? '');
    else if (i.result) {
      s.result[i.code] = i.result;
      if (i.selfTest) s.selfTest = true;
    } else if (i.qty !== undefined) s.qty[i.code] = String(i.qty);
    else s.ticks[i.code] = true;
  }
  return s;
}

export function ContactForm({
  programme,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  programme: Programme;
  initial?: ContactDraft;
  submitLabel: string;
  onSubmit: (draft: ContactDraft) => Promise<void>;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const [s, setS] = useState<State>(() => fromDraft(initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cat = programme.catalogue;
  const byKind = (...kinds: string[]) => cat.filter((i) => kinds.includes(i.kind) && i.code !== 'viral_load');

  const items = (): ContactItem[] => {
    const out: ContactItem[] = [];
    for (const i of byKind('commodity', 'overdose')) {
      const n = Number(s.qty[i.code] ?? '');
      if (s.qty[i.code] && Number.isFinite(n) && n !== 0) out.push({ code: i.code, qty: n });
    }
    for (const i of byKind('education', 'status', 'social_support'))
      if (s.ticks[i.code]) out.push({ code: i.code });
    for (const i of byKind('test')) {
      const r = s.result[i.code];
      if (r)
        out.push({
          code: i.code,
          result: r,
          ...(i.code === 'hiv_test' && s.selfTest ? { selfTest: true } : {}),
        });
    }
    if (s.copies) out.push({ code: 'viral_load', copies: Number(s.copies) });
    if (s.ostEvent)
      out.push({
        code: 'ost',
        event: s.ostEvent as 'dose',
        ...(s.medicine ? { medicine: s.medicine as ContactItem['medicine'] } : {}),
        ...(s.mg ? { mg: Number(s.mg) } : {}),
      });
    for (const [to, on] of Object.entries(s.referrals)) {
      const provider = s.providers[to]?.trim();
      if (on) out.push({ code: 'referral', to: to as ContactItem['to'], ...(provider ? { provider } : {}) });
    }
    return out;
  };

  // Server errors name items by position (items.3.qty); show them beside the right input.
  const errorFor = (code: string) => {
    const list = items();
    const idx = list.findIndex((i) => i.code === code);
    return idx >= 0 ? Object.entries(errors).find(([k]) => k.startsWith(`items.${idx}.`))?.[1] : undefined;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setProblem(null);
    setBusy(true);
    try {
      await onSubmit({ date: s.date, placeType: s.placeType, items: items() });
      setS(fromDraft());
    } catch (err) {
      setErrors(fieldErrors(t, err));
      if (err instanceof ApiError) setProblem(localiseProblem(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="contact-form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="row">
        <Field
          label={t('contact.date')}
          type="date"
          value={s.date}
          error={errors.date}
          max={today()}
          onChange={(e) => setS({ ...s, date: e.target.value })}
        />
        <SelectField
          label={t('contact.place')}
          value={s.placeType}
          error={errors.placeType}
          onChange={(e) => setS({ ...s, placeType: e.target.value })}
        >
          {PLACE_TYPES.map((p) => (
            <option key={p} value={p}>
              {t(`place.${p}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <fieldset>
        <legend>{t('contact.given')}</legend>
        <div className="grid">
          {byKind('commodity', 'overdose').map((i) => (
            <Field
              key={i.code}
              label={t(i.label)}
              inputMode="numeric"
              min={0}
              max={i.maxQuantity}
              value={s.qty[i.code] ?? ''}
              error={errorFor(i.code)}
              onChange={(e) => setS({ ...s, qty: { ...s.qty, [i.code]: e.target.value.replace(/\D/g, '') } })}
            />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('contact.tests')}</legend>
        <div className="grid">
          {byKind('test').map((i) => (
            <SelectField
              key={i.code}
              label={t(i.label)}
              value={s.result[i.code] ?? ''}
              error={errorFor(i.code)}
              onChange={(e) => setS({ ...s, result: { ...s.result, [i.code]: e.target.value } })}
            >
              <option value="">—</option>
              {(i.results ?? []).map((r) => (
                <option key={r} value={r}>
                  {t(`result.${r}`)}
                </option>
              ))}
            </SelectField>
          ))}
          <Field
            label={t('item.viral_load')}
            hint={t('contact.copiesHint')}
            inputMode="numeric"
            value={s.copies}
            error={errorFor('viral_load')}
            onChange={(e) => setS({ ...s, copies: e.target.value.replace(/\D/g, '') })}
          />
        </div>
        <label className="tick">
          <input
            type="checkbox"
            checked={s.selfTest}
            onChange={(e) => setS({ ...s, selfTest: e.target.checked })}
          />{' '}
          {t('contact.selfTest')}
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('contact.services')}</legend>
        <div className="ticks">
          {byKind('education', 'status', 'social_support').map((i) => (
            <label key={i.code} className="tick">
              <input
                type="checkbox"
                checked={Boolean(s.ticks[i.code])}
                onChange={(e) => setS({ ...s, ticks: { ...s.ticks, [i.code]: e.target.checked } })}
              />{' '}
              {t(i.label)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('item.ost')}</legend>
        <div className="row">
          <SelectField
            label={t('contact.ostEvent')}
            value={s.ostEvent}
            error={errorFor('ost')}
            onChange={(e) => setS({ ...s, ostEvent: e.target.value })}
          >
            <option value="">—</option>
            {['start', 'dose', 'stop'].map((ev) => (
              <option key={ev} value={ev}>
                {t(`ost.${ev}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('ost.medicine')}
            value={s.medicine}
            onChange={(e) => setS({ ...s, medicine: e.target.value })}
          >
            <option value="">—</option>
            {MEDICINES.map((m) => (
              <option key={m} value={m}>
                {t(`medicine.${m}`)}
              </option>
            ))}
          </SelectField>
          <Field
            label={t('ost.mg')}
            inputMode="decimal"
            value={s.mg}
            onChange={(e) => setS({ ...s, mg: e.target.value.replace(/[^\d.]/g, '') })}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('contact.referrals')}</legend>
        <div className="ticks">
          {REFERRALS.map((r) => (
            <label key={r} className="tick">
              <input
                type="checkbox"
                checked={Boolean(s.referrals[r])}
                onChange={(e) => setS({ ...s, referrals: { ...s.referrals, [r]: e.target.checked } })}
              />{' '}
              {t(`referral.${r}`)}
            </label>
          ))}
        </div>
        {REFERRALS.filter((r) => s.referrals[r]).map((r) => (
          <Field
            key={r}
            label={t('contact.referralProvider', { service: t(`referral.${r}`) })}
            maxLength={80}
            value={s.providers[r] ?? ''}
            onChange={(e) => setS({ ...s, providers: { ...s.providers, [r]: e.target.value } })}
          />
        ))}
      </fieldset>
      {problem && <Notice kind="error">{problem}</Notice>}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** One line per item, in the user's language: "Syringes 10 · HIV test: negative · Referral: ART". */
export function describeItems(
  t: (id: string, v?: Record<string, unknown>) => string,
  items: ContactItem[],
): string {
  return items
    .map((i) => {
      if (i.code === 'referral')
        return `${t('item.referral')}: ${t(`referral.${i.to}`)}${i.provider ? ` (${i.provider})` : ''}`;
      if (i.code === 'ost')
        return `${t('item.ost')}: ${t(`ost.${i.event}`)}${i.medicine ? ` ${t(`medicine.${i.medicine}`)}` : ''}${i.mg ? ` ${i.mg} mg` : ''}`;
      if (i.code === 'viral_load') return `${t('item.viral_load')}: ${i.copies}`;
      if (i.result)
        return `${t(`item.${i.code}`)}: ${t(`result.${i.result}`)}${i.selfTest ? ` (${t('contact.selfTest')})` : ''}`;
      if (i.qty !== undefined) return `${t(`item.${i.code}`)} ${i.qty}`;
      return t(`item.${i.code}`);
    })
    .join(' · ');
}
