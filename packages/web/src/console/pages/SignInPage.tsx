/** Sign-in with username and password, then (when needed) the second factor or its first set-up. */

import { type FormEvent, useEffect, useState } from 'react';
import { UI_LOCALES, type UiLocale, useI18n } from '../../i18n/i18n.js';
import { ApiError, post } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Field, Notice, OtpField } from '../../shared/ui.js';
import type { Me } from '../session.js';

function LanguagePicker() {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="signin__lang">
      <label htmlFor="signin-locale">{t('app.language')}</label>
      <select id="signin-locale" value={locale} onChange={(e) => setLocale(e.target.value as UiLocale)}>
        {UI_LOCALES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SignInPage({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post('/auth/sign-in', { username, password });
      await onSignedIn();
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === 0) setError(t('app.serverUnreachable'));
      else if (err.status === 401) setError(t('signIn.failed'));
      else if (err.problem.type.endsWith('too-many-requests')) setError(t('signIn.tooMany'));
      else if (err.status === 429) setError(t('signIn.locked'));
      else setError(localiseProblem(t, err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="signin">
      <h1>{t('signIn.title')}</h1>
      <p className="signin__intro">{t('signIn.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={t('signIn.username')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <Field
          label={t('signIn.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && <Notice kind="error">{error}</Notice>}
        <button type="submit" className="primary" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
      <LanguagePicker />
    </main>
  );
}

export function SecondFactor({ me, onDone }: { me: Me; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const [otp, setOtp] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [enrolment, setEnrolment] = useState<{ secret: string; qrSvg: string } | null>(null);

  useEffect(() => {
    if (me.mfaEnrolmentRequired && !enrolment) {
      void post('/auth/totp/enrol')
        .then(setEnrolment)
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    }
  }, [me.mfaEnrolmentRequired, enrolment]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await post(me.mfaEnrolmentRequired ? '/auth/totp/confirm' : '/auth/totp', { otp });
      await onDone();
    } catch (err) {
      setError(err instanceof ApiError ? (err.byField().otp ?? err.message) : t('app.serverUnreachable'));
      setOtp('');
    }
  };

  return (
    <main id="main" className="signin">
      <h1>{t(me.mfaEnrolmentRequired ? 'mfa.enrolTitle' : 'mfa.title')}</h1>
      {me.mfaEnrolmentRequired && (
        <>
          <p>{t('mfa.enrolIntro')}</p>
          {enrolment && (
            <figure className="qr">
              <img
                src={`data:image/svg+xml;base64,${btoa(enrolment.qrSvg)}`}
                alt={t('mfa.qrAlt')}
                width={200}
                height={200}
              />
              <figcaption>
                {t('mfa.secretLabel')} <code>{enrolment.secret}</code>
              </figcaption>
            </figure>
          )}
        </>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <OtpField label={t('mfa.code')} value={otp} onCode={setOtp} error={error ?? undefined} />
        <button type="submit" className="primary">
          {t('mfa.submit')}
        </button>
      </form>
    </main>
  );
}
