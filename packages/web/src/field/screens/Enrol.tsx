/** First use, online: sign in, pick the site, name the phone, choose a PIN. */

import { useEffect, useState } from 'react';
import { UI_LOCALES, type UiLocale, useI18n } from '../../i18n/i18n.js';
import type { AnswerAt, BodyAt, Url } from '../../shared/contract.js';
import type { Secrets } from '../model.js';
import { pinProblem } from '../vault/pin-policy.js';
import { createVault } from '../vault/vault.js';
import { BigButton, Screen } from './ui.js';

/** The phone's enrolment as the server answers it (the contract), not a copy kept by hand. */
type Enrolled = AnswerAt<'post', '/devices'>;

/**
 * The few requests enrolment makes with the signed-in browser session, typed by the contract like the
 * console's (shared/contract.ts). A refusal keeps the server's problem, whose `detail` is shown.
 */
async function post<U extends Url<'post'>>(
  path: U,
  body: BodyAt<'post', U>,
): Promise<
  | { ok: true; status: number; data: AnswerAt<'post', U> }
  | { ok: false; status: number; data: { detail?: string } }
> {
  const res = await fetch(`/api/v1${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const data = await res.json().catch(() => ({}));
  return res.ok ? { ok: true, status: res.status, data } : { ok: false, status: res.status, data };
}

export function LanguagePicker() {
  const { locale, setLocale, t } = useI18n();
  return (
    <label className="f-lang">
      <span>{t('field.language')}</span>
      <select value={locale} onChange={(e) => setLocale(e.target.value as UiLocale)}>
        {UI_LOCALES.map((l) => (
          <option key={l.code} value={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function EnrolScreen({ onDone }: { onDone: (pin: string) => void }) {
  const { t } = useI18n();
  const [step, setStep] = useState<'signin' | 'otp' | 'site' | 'pin'>('signin');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [sites, setSites] = useState<{ code: string; name: string }[]>([]);
  const [site, setSite] = useState('');
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [enrolled, setEnrolled] = useState<Enrolled | null>(null);

  useEffect(() => {
    document.getElementById('f-title')?.focus();
  }, []);

  async function loadSites() {
    const res = await fetch('/api/v1/org-units', { credentials: 'same-origin' });
    const { units } = (await res.json()) as {
      units: { id: string; code: string; name: string; parentId: string | null; orgId: string | null }[];
    };
    const parents = new Set(units.map((u) => u.parentId));
    const leaves = units.filter((u) => u.orgId && !parents.has(u.id));
    setSites(leaves);
    setSite(leaves[0]?.code ?? '');
    setStep('site');
  }

  async function signIn() {
    setBusy(true);
    setError(null);
    try {
      const r = await post('/auth/sign-in', {
        username,
        password,
      });
      if (!r.ok) setError(r.data.detail ?? t('field.enrol.failed'));
      else if (r.data.mfaRequired) setStep('otp');
      else await loadSites();
    } catch {
      setError(t('field.enrol.offline'));
    } finally {
      setBusy(false);
    }
  }

  async function checkOtp() {
    const r = await post('/auth/totp', { otp });
    if (!r.ok) setError(r.data.detail ?? t('field.enrol.failed'));
    else await loadSites();
  }

  async function enrolDevice() {
    setBusy(true);
    setError(null);
    const r = await post('/devices', {
      name: name || t('field.enrol.defaultName'),
      siteCode: site,
      appVersion: 'field-1',
    });
    setBusy(false);
    if (!r.ok) {
      setError(r.data.detail ?? t('field.enrol.failed'));
      return;
    }
    setEnrolled(r.data);
    // The phone works with its own token from now on; the browser session is not needed.
    await post('/auth/sign-out', {});
    setStep('pin');
  }

  async function setUpPin() {
    const problem = pinProblem(pin);
    if (problem) return setError(t(`field.pin.${problem}`));
    if (pin !== pin2) return setError(t('field.pin.mismatch'));
    if (!enrolled) return;
    setBusy(true);
    const vault = await createVault(pin, enrolled.settings.pinAttemptsBeforeWipe);
    const secrets: Secrets = {
      deviceId: enrolled.deviceId,
      token: enrolled.token,
      uicKey: enrolled.uicKey,
      siteCode: enrolled.site.code,
      siteName: enrolled.site.name,
      username,
      settings: enrolled.settings,
      clockOffsetMs: Date.parse(enrolled.serverTime) - Date.now(),
      cursor: '0',
      hlc: null,
      lastSyncAt: null,
    };
    await vault.put('secrets', 'secrets', secrets);
    setBusy(false);
    onDone(pin);
  }

  return (
    <Screen title={t('field.enrol.title')}>
      <LanguagePicker />
      {error ? (
        <p className="f-error" role="alert">
          {error}
        </p>
      ) : null}
      {step === 'signin' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void signIn();
          }}
        >
          <p>{t('field.enrol.intro')}</p>
          <label className="f-field">
            {t('field.enrol.username')}
            <input
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
            />
          </label>
          <label className="f-field">
            {t('field.enrol.password')}
            <input
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </label>
          <button type="submit" className="f-big f-primary" disabled={busy}>
            {t('field.enrol.signIn')}
          </button>
        </form>
      ) : null}
      {step === 'otp' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void checkOtp();
          }}
        >
          <label className="f-field">
            {t('field.enrol.otp')}
            <input
              inputMode="numeric"
              autoComplete="one-time-code"
              value={otp}
              onChange={(e) => setOtp(e.target.value)}
            />
          </label>
          <button type="submit" className="f-big f-primary">
            {t('field.enrol.continue')}
          </button>
        </form>
      ) : null}
      {step === 'site' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void enrolDevice();
          }}
        >
          <label className="f-field">
            {t('field.enrol.site')}
            <select value={site} onChange={(e) => setSite(e.target.value)}>
              {sites.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name} ({s.code})
                </option>
              ))}
            </select>
          </label>
          <label className="f-field">
            {t('field.enrol.deviceName')}
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder={t('field.enrol.defaultName')}
            />
          </label>
          <button type="submit" className="f-big f-primary" disabled={busy || !site}>
            {t('field.enrol.enrolPhone')}
          </button>
        </form>
      ) : null}
      {step === 'pin' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void setUpPin();
          }}
        >
          <p>{t('field.pin.intro')}</p>
          <label className="f-field">
            {t('field.pin.new')}
            <input
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              value={pin}
              onChange={(e) => setPin(e.target.value)}
            />
          </label>
          <label className="f-field">
            {t('field.pin.again')}
            <input
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              value={pin2}
              onChange={(e) => setPin2(e.target.value)}
            />
          </label>
          <BigButton kind="primary" onClick={() => void setUpPin()}>
            {busy ? t('field.pin.working') : t('field.pin.save')}
          </BigButton>
        </form>
      ) : null}
    </Screen>
  );
}
