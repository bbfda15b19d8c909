/**
 * For a project's lead: the members that send their figures from their own servers. Issue a
 * receiving token for a member (shown once, with what to set on the member's server), see what each
 * server has sent and when, and revoke a token. The member's own data element ids are mapped to
 * Harbour's indicators one per line ("DE_ID = reached"); Harbour's own ids need no mapping.
 */

import type { ProjectDashboard, ReceivingToken } from '@harbour/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, api, get, post } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { Field, Notice, SelectField } from '../../shared/ui.js';

/** "DE_ID = reached" lines → { DE_ID: 'reached' }; blank lines skipped. */
function mappingOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const [k, v] = line.split('=').map((x) => x.trim());
    if (k && v) out[k] = v;
  }
  return out;
}

export function MemberServersPanel({ d }: { d: ProjectDashboard }) {
  const { t, locale } = useI18n();
  const path = `/projects/${encodeURIComponent(d.project.code)}/tokens` as const;
  const [tokens, setTokens] = useState<ReceivingToken[] | null>(null);
  const [form, setForm] = useState({ member: d.members[0]?.code ?? '', label: '', mapping: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [issued, setIssued] = useState<{ token: string; member: string } | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const load = useCallback(
    () =>
      get(path)
        .then((r) => setTokens(r.tokens))
        .catch((e) =>
          setNotice({ kind: 'error', text: e instanceof ApiError ? localiseProblem(t, e) : String(e) }),
        ),
    [path, t],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const memberName = (c: string) => d.members.find((m) => m.code === c)?.name ?? c;
  const mappingErrors = Object.entries(errors).filter(([k]) => k.startsWith('dataElements.'));
  const day = (iso: string | null) =>
    iso
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
      : '—';
  const issue = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setNotice(null);
    setIssued(null);
    try {
      const r = await post(path, {
        member: form.member,
        label: form.label,
        dataElements: mappingOf(form.mapping),
      });
      setIssued({ token: r.token, member: r.member });
      setForm({ ...form, label: '', mapping: '' });
      void load();
    } catch (err) {
      setErrors(fieldErrors(t, err));
      setNotice({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };
  const revoke = async (id: string) => {
    try {
      await api('DELETE', `${path}/${id}`);
      setNotice({ kind: 'ok', text: t('projects.servers.revoked') });
      void load();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };
  return (
    <section className="panel" aria-labelledby="servers-title">
      <h3 id="servers-title">{t('projects.servers.title')}</h3>
      <p>{t('projects.servers.intro')}</p>
      {tokens && tokens.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{t('projects.servers.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('projects.member')}</th>
              <th scope="col">{t('projects.servers.label')}</th>
              <th scope="col">{t('projects.servers.lastUsed')}</th>
              <th scope="col">{t('projects.servers.values')}</th>
              <th scope="col">{t('projects.servers.status')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((k) => (
              <tr key={k.id}>
                <th scope="row">{memberName(k.member)}</th>
                <td>{k.label}</td>
                <td>{day(k.lastUsedAt)}</td>
                <td>{new Intl.NumberFormat(locale).format(k.values)}</td>
                <td>
                  {k.revokedAt ? (
                    t('projects.servers.revokedOn', { day: day(k.revokedAt) })
                  ) : (
                    <button
                      type="button"
                      onClick={() => void revoke(k.id)}
                      aria-label={t('projects.servers.revokeFor', { label: k.label })}
                    >
                      {t('projects.servers.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(e) => void issue(e)} aria-labelledby="issue-title" noValidate>
        <h4 id="issue-title">{t('projects.servers.issue')}</h4>
        <SelectField
          label={t('projects.member')}
          value={form.member}
          error={errors.member}
          onChange={(e) => setForm({ ...form, member: e.target.value })}
        >
          {d.members.map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
            </option>
          ))}
        </SelectField>
        <Field
          label={t('projects.servers.label')}
          hint={t('projects.servers.labelHint')}
          value={form.label}
          error={errors.label}
          onChange={(e) => setForm({ ...form, label: e.target.value })}
        />
        <div className={`field${mappingErrors.length ? ' field--error' : ''}`}>
          <label htmlFor="servers-mapping">{t('projects.servers.mapping')}</label>
          <textarea
            id="servers-mapping"
            aria-describedby={`servers-mapping-hint${mappingErrors.length ? ' servers-mapping-error' : ''}`}
            aria-invalid={mappingErrors.length ? true : undefined}
            rows={3}
            value={form.mapping}
            onChange={(e) => setForm({ ...form, mapping: e.target.value })}
          />
          <p className="field__hint" id="servers-mapping-hint">
            {t('projects.servers.mappingHint')}
          </p>
          {mappingErrors.length > 0 && (
            <p className="field__error" id="servers-mapping-error" role="alert">
              {mappingErrors.map(([k, v]) => `${k.slice('dataElements.'.length)}: ${v}`).join('; ')}
            </p>
          )}
        </div>
        <button type="submit" className="primary">
          {t('projects.servers.issueButton')}
        </button>
      </form>
      {issued && (
        <Notice kind="ok">
          <p>{t('projects.servers.issued', { member: memberName(issued.member) })}</p>
          <p>
            <code className="token">{issued.token}</code>
          </p>
          <p>{t('projects.servers.howTo', { url: window.location.origin })}</p>
        </Notice>
      )}
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </section>
  );
}
