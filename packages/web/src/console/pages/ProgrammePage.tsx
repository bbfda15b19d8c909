/**
 * An organisation's programme settings, for its administrators: which UIC scheme devices ask for,
 * whether an alias is kept, follow-up and missed-dose days, how outreach phones lock and when they
 * erase themselves after wrong PINs, and the programme's own catalogue items.
 */

import { type FormEvent, useEffect, useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, put } from '../../shared/api.js';
import type { BodyAt } from '../../shared/contract.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { Field, Notice, PageTitle, SelectField } from '../../shared/ui.js';
import { useUnits } from '../monitoring/ScopePicker.js';

const PRESETS = ['pasmo', 'slk581', 'parents-initials'];
const EXTRA_EXAMPLE =
  '[{"code": "hygiene_kit", "kind": "commodity", "label": "Hygiene kit", "maxQuantity": 5}]';

export function ProgrammePage() {
  const { t } = useI18n();
  const id = useId();
  const units = useUnits();
  const organisations = units.filter((u) => u.orgId !== null && u.orgId === u.id);
  const [org, setOrg] = useState('');
  const [form, setForm] = useState({
    scheme: 'pasmo',
    template: '',
    alias: false,
    historySharing: false,
    followUp: '14',
    missed: '1',
    lost: '30',
    wipeAfter: '10',
    idleLock: '3',
    extra: '[]',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // The form shows once the organisation's settings are in: edits made before would be overwritten.
  const [loadedFor, setLoadedFor] = useState<string | null>(null);

  useEffect(() => {
    if (!org && organisations[0]) setOrg(organisations[0].code);
  }, [org, organisations]);

  useEffect(() => {
    if (!org) return;
    setLoadedFor(null);
    void get(`/programme/settings?orgUnit=${encodeURIComponent(org)}`)
      .then((s) => {
        setLoadedFor(org);
        setForm({
          scheme: typeof s.uicScheme === 'string' ? s.uicScheme : 'custom',
          template: typeof s.uicScheme === 'string' ? '' : JSON.stringify(s.uicScheme, null, 2),
          alias: s.aliasEnabled,
          historySharing: s.historySharing,
          followUp: String(s.referralFollowUpDays),
          missed: String(s.ostMissedAfterDays),
          lost: String(s.ostLostAfterDays),
          wipeAfter: String(s.pinAttemptsBeforeWipe),
          idleLock: String(s.idleLockMinutes),
          extra: JSON.stringify(s.catalogueExtra, null, 2),
        });
      })
      .catch((err) => setNotice({ kind: 'error', text: localiseProblem(t, err as ApiError) }));
  }, [org, t]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setNotice(null);
    // Typed by the field it fills; the server checks the JSON's shape and names what is wrong.
    const parse = <T,>(field: string, text: string): T => {
      try {
        return JSON.parse(text);
      } catch (err) {
        setErrors({ [field]: t('dhis2.notJson', { detail: (err as Error).message }) });
        throw err;
      }
    };
    let body: BodyAt<'put', '/programme/settings'>;
    try {
      body = {
        orgUnit: org,
        uicScheme: form.scheme === 'custom' ? parse('uicScheme', form.template) : form.scheme,
        aliasEnabled: form.alias,
        historySharing: form.historySharing,
        referralFollowUpDays: Number(form.followUp),
        ostMissedAfterDays: Number(form.missed),
        ostLostAfterDays: Number(form.lost),
        pinAttemptsBeforeWipe: Number(form.wipeAfter),
        idleLockMinutes: Number(form.idleLock),
        catalogueExtra: parse('catalogueExtra', form.extra || '[]'),
      };
    } catch {
      return;
    }
    try {
      await put('/programme/settings', body);
      setNotice({ kind: 'ok', text: t('common.saved') });
    } catch (err) {
      // Nested fields (uicScheme.parts.0.kind) are shown beside their top-level field.
      const byField: Record<string, string> = {};
      for (const [k, v] of Object.entries(fieldErrors(t, err))) byField[k.split('.')[0]!] ??= `${k}: ${v}`;
      setErrors(byField);
      setNotice({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };

  return (
    <section>
      <PageTitle>{t('programme.title')}</PageTitle>
      <p>{t('programme.intro')}</p>
      <SelectField label={t('dhis2.organisation')} value={org} onChange={(e) => setOrg(e.target.value)}>
        {organisations.map((o) => (
          <option key={o.code} value={o.code}>
            {o.name} ({o.code})
          </option>
        ))}
      </SelectField>
      {loadedFor !== org ? (
        <p role="status" className="loading">
          {t('app.loading')}
        </p>
      ) : (
        <form className="panel" onSubmit={save}>
          <SelectField
            label={t('programme.uicScheme')}
            value={form.scheme}
            error={form.scheme === 'custom' ? undefined : errors.uicScheme}
            onChange={(e) => setForm({ ...form, scheme: e.target.value })}
          >
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {t(`programme.scheme.${p}`)}
              </option>
            ))}
            <option value="custom">{t('programme.scheme.custom')}</option>
          </SelectField>
          <p className="field__hint">{t('programme.schemeHint')}</p>
          {form.scheme === 'custom' && (
            <div className={`field${errors.uicScheme ? ' field--error' : ''}`}>
              <label htmlFor={`${id}-template`}>{t('programme.template')}</label>
              <textarea
                id={`${id}-template`}
                className="code"
                rows={10}
                spellCheck={false}
                value={form.template}
                aria-invalid={errors.uicScheme ? true : undefined}
                onChange={(e) => setForm({ ...form, template: e.target.value })}
              />
              {errors.uicScheme && (
                <p className="field__error" role="alert">
                  {errors.uicScheme}
                </p>
              )}
            </div>
          )}
          <label className="tick">
            <input
              type="checkbox"
              checked={form.alias}
              onChange={(e) => setForm({ ...form, alias: e.target.checked })}
            />
            {t('programme.alias')}
          </label>
          <label className="tick">
            <input
              type="checkbox"
              checked={form.historySharing}
              onChange={(e) => setForm({ ...form, historySharing: e.target.checked })}
            />
            {t('programme.historySharing')}
          </label>
          <Field
            label={t('programme.followUp')}
            type="number"
            min={1}
            max={365}
            value={form.followUp}
            error={errors.referralFollowUpDays}
            onChange={(e) => setForm({ ...form, followUp: e.target.value })}
          />
          <Field
            label={t('programme.missed')}
            type="number"
            min={1}
            max={60}
            value={form.missed}
            error={errors.ostMissedAfterDays}
            onChange={(e) => setForm({ ...form, missed: e.target.value })}
          />
          <Field
            label={t('programme.lost')}
            hint={t('programme.lostHint')}
            type="number"
            min={2}
            max={365}
            value={form.lost}
            error={errors.ostLostAfterDays}
            onChange={(e) => setForm({ ...form, lost: e.target.value })}
          />
          <Field
            label={t('programme.wipeAfter')}
            type="number"
            min={3}
            max={20}
            value={form.wipeAfter}
            error={errors.pinAttemptsBeforeWipe}
            onChange={(e) => setForm({ ...form, wipeAfter: e.target.value })}
          />
          <Field
            label={t('programme.idleLock')}
            type="number"
            min={1}
            max={30}
            value={form.idleLock}
            error={errors.idleLockMinutes}
            onChange={(e) => setForm({ ...form, idleLock: e.target.value })}
          />
          <div className={`field${errors.catalogueExtra ? ' field--error' : ''}`}>
            <label htmlFor={`${id}-extra`}>{t('programme.extra')}</label>
            <textarea
              id={`${id}-extra`}
              className="code"
              rows={6}
              spellCheck={false}
              value={form.extra}
              aria-describedby={`${id}-extra-hint`}
              aria-invalid={errors.catalogueExtra ? true : undefined}
              onChange={(e) => setForm({ ...form, extra: e.target.value })}
            />
            <p className="field__hint" id={`${id}-extra-hint`}>
              {t('programme.extraHint')} <code>{EXTRA_EXAMPLE}</code>
            </p>
            {errors.catalogueExtra && (
              <p className="field__error" role="alert">
                {errors.catalogueExtra}
              </p>
            )}
          </div>
          <button type="submit" className="primary">
            {t('common.save')}
          </button>
        </form>
      )}
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </section>
  );
}
