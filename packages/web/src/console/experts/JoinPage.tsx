/**
 * Joining the pool of community experts from an invitation link, before having an account: the link's
 * token is after `#` (never sent to the server in the address) and travels in a header; the person
 * chooses a username and a password, then signs in as usual.
 */

import { type FormEvent, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { Field, Notice, PageTitle } from '../../shared/ui.js';

const token = () => location.hash.slice(1);

async function call<T>(method: 'GET' | 'POST', body?: unknown): Promise<T> {
  const res = await fetch('/api/v1/join', {
    method,
    headers: { 'x-invitation': token(), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : {};
  if (!res.ok)
    throw new ApiError({
      type: json.type ?? 'about:blank',
      title: json.title ?? res.statusText,
      status: res.status,
      detail: json.detail ?? res.statusText,
      errors: json.errors ?? [],
    });
  return json as T;
}

export function JoinPage() {
  const { t, locale } = useI18n();
  const [invite, setInvite] = useState<{ name: string; unit: string; expiresAt: string } | null | undefined>(
    undefined,
  );
  const [form, setForm] = useState({ username: '', password: '', repeat: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [joined, setJoined] = useState<string | null>(null);
  useEffect(() => {
    call<{ name: string; unit: string; expiresAt: string }>('GET')
      .then(setInvite)
      .catch(() => setInvite(null));
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setProblem(null);
    if (form.password !== form.repeat) {
      setErrors({ repeat: t('join.mismatch') });
      return;
    }
    try {
      const r = await call<{ username: string }>('POST', {
        username: form.username,
        password: form.password,
        locale,
      });
      // The token has done its work: it leaves the address bar and the history entry.
      history.replaceState(null, '', '/console/join');
      setJoined(r.username);
    } catch (err) {
      setErrors(fieldErrors(t, err));
      if (err instanceof ApiError && !err.problem.errors?.length) setProblem(localiseProblem(t, err));
    }
  };
  return (
    <main id="main" className="signin">
      <PageTitle>{t('join.title')}</PageTitle>
      {invite === undefined ? (
        <p className="loading">{t('app.loading')}</p>
      ) : joined ? (
        <>
          <Notice kind="ok">{t('join.done', { username: joined })}</Notice>
          <p>
            <a href="/console/">{t('join.signIn')}</a>
          </p>
        </>
      ) : invite === null ? (
        <Notice kind="error">{t('join.invalid')}</Notice>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <p>{t('join.welcome', { name: invite.name, unit: invite.unit })}</p>
          <p className="muted">{t('join.privacy')}</p>
          {problem && <Notice kind="error">{problem}</Notice>}
          <Field
            label={t('join.username')}
            hint={t('join.usernameHint')}
            autoComplete="username"
            value={form.username}
            error={errors.username}
            required
            onChange={(e) => setForm({ ...form, username: e.target.value.toLowerCase() })}
          />
          <Field
            label={t('join.password')}
            hint={t('join.passwordHint')}
            type="password"
            autoComplete="new-password"
            value={form.password}
            error={errors.password}
            required
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
          <Field
            label={t('join.repeat')}
            type="password"
            autoComplete="new-password"
            value={form.repeat}
            error={errors.repeat}
            required
            onChange={(e) => setForm({ ...form, repeat: e.target.value })}
          />
          <button type="submit">{t('join.button')}</button>
        </form>
      )}
    </main>
  );
}
