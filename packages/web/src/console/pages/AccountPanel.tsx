/** Your own account: change the password, set up a second factor, end every session on every device. */

import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, post } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { Field, Notice, OtpField } from '../../shared/ui.js';

export function AccountPanel({ onSignedOut }: { onSignedOut: () => void }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [enrolment, setEnrolment] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [otp, setOtp] = useState('');

  const changePassword = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      await post('/auth/password', { currentPassword: current, newPassword: next });
      onSignedOut();
    } catch (err) {
      setErrors(fieldErrors(t, err));
    }
  };
  const everywhere = async () => {
    await post('/auth/sign-out-everywhere').catch(() => undefined);
    onSignedOut();
  };
  const startTotp = async () => {
    try {
      setEnrolment(await post('/auth/totp/enrol'));
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };
  const confirmTotp = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await post('/auth/totp/confirm', { otp });
      setEnrolment(null);
      setNotice({ kind: 'ok', text: t('account.totpOn') });
    } catch (err) {
      setErrors(fieldErrors(t, err));
    }
  };

  return (
    <section className="panel" aria-labelledby="account-title">
      <h2 id="account-title">{t('account.title')}</h2>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <form onSubmit={(e) => void changePassword(e)} noValidate aria-labelledby="password-title">
        <h3 id="password-title">{t('account.passwordTitle')}</h3>
        <Field
          label={t('account.currentPassword')}
          type="password"
          autoComplete="current-password"
          value={current}
          error={errors.currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <Field
          label={t('account.newPassword')}
          hint={t('users.passwordHint')}
          type="password"
          autoComplete="new-password"
          value={next}
          error={errors.newPassword}
          onChange={(e) => setNext(e.target.value)}
        />
        <button type="submit">{t('account.changePassword')}</button>
      </form>
      <h3>{t('account.totpTitle')}</h3>
      {!enrolment && (
        <button type="button" onClick={() => void startTotp()}>
          {t('account.totpStart')}
        </button>
      )}
      {enrolment && (
        <form onSubmit={(e) => void confirmTotp(e)} noValidate>
          <p>{t('mfa.enrolIntro')}</p>
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
          <OtpField label={t('mfa.code')} value={otp} error={errors.otp} onCode={setOtp} />
          <button type="submit" className="primary">
            {t('mfa.submit')}
          </button>
        </form>
      )}
      <h3>{t('account.sessionsTitle')}</h3>
      <p>{t('account.everywhereHint')}</p>
      <button type="button" className="danger" onClick={() => void everywhere()}>
        {t('account.everywhere')}
      </button>
    </section>
  );
}
