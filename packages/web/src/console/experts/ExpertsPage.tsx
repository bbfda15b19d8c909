/**
 * The pool of community experts, for grants officers and programme managers: who is in it (the name
 * each goes by, country, languages, what they know about, the contact they chose, how much they have
 * reviewed), inviting someone with a link shown once, and the invitations still open.
 */

import { EXPERTISE_AREAS, type Expert, type ExpertiseArea, type Invitation } from '@harbour/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, api, get, post } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { OrgUnitSelect } from '../../shared/OrgUnitSelect.js';
import { Field, Notice, PageTitle } from '../../shared/ui.js';
import { useUnits } from '../monitoring/ScopePicker.js';

export default function ExpertsPage() {
  const { t, locale } = useI18n();
  const [experts, setExperts] = useState<Expert[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [link, setLink] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const fail = useCallback(
    (e: unknown) =>
      setNotice({
        kind: 'error',
        text: e instanceof ApiError ? localiseProblem(t, e) : t('app.serverUnreachable'),
      }),
    [t],
  );
  const load = useCallback(() => {
    get<{ experts: Expert[] }>('/experts')
      .then((r) => setExperts(r.experts))
      .catch(fail);
    get<{ invitations: Invitation[] }>('/experts/invitations')
      .then((r) => setInvitations(r.invitations))
      .catch(fail);
  }, [fail]);
  useEffect(load, [load]);
  const area = (a: ExpertiseArea) => t(`experts.area.${a}`);
  return (
    <section>
      <PageTitle>{t('experts.title')}</PageTitle>
      <p>{t('experts.intro')}</p>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <InviteForm
        onInvited={(path, name) => {
          setLink(`${location.origin}${path}`);
          setNotice({ kind: 'ok', text: t('experts.invited', { name }) });
          load();
        }}
      />
      {link && (
        <div className="panel" role="status">
          <p>
            <strong>{t('experts.linkOnce')}</strong>
          </p>
          <Field label={t('experts.link')} value={link} readOnly onFocus={(e) => e.target.select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(link)}>
            {t('experts.copy')}
          </button>
        </div>
      )}
      {experts === null ? (
        <p className="loading">{t('app.loading')}</p>
      ) : (
        <table className="table">
          <caption>{t('experts.pool', { n: experts.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('experts.col.name')}</th>
              <th scope="col">{t('experts.col.country')}</th>
              <th scope="col">{t('experts.col.languages')}</th>
              <th scope="col">{t('experts.col.expertise')}</th>
              <th scope="col">{t('experts.col.contact')}</th>
              <th scope="col" className="num">
                {t('experts.col.reviews')}
              </th>
            </tr>
          </thead>
          <tbody>
            {experts.map((x) => (
              <tr key={x.id}>
                <td>
                  {x.name}
                  {!x.active && <span className="muted"> · {t('experts.inactive')}</span>}
                </td>
                <td>{x.country ?? '—'}</td>
                <td>{x.languages.join(', ') || '—'}</td>
                <td>{x.expertise.map(area).join(', ') || '—'}</td>
                <td>{x.contact ?? '—'}</td>
                <td className="num">
                  {t('experts.reviews', { grants: x.grantReviews, visits: x.serviceReviews })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {invitations.length > 0 && (
        <table className="table">
          <caption>{t('experts.invitations')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('experts.col.name')}</th>
              <th scope="col">{t('experts.col.state')}</th>
              <th scope="col">{t('experts.col.until')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('experts.withdraw')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((i) => (
              <tr key={i.id}>
                <td>{i.name}</td>
                <td>{t(`experts.state.${i.state}`)}</td>
                <td>{new Date(i.expiresAt).toLocaleDateString(locale)}</td>
                <td>
                  {i.state === 'pending' && (
                    <button
                      type="button"
                      className="link"
                      onClick={() =>
                        void api('DELETE', `/experts/invitations/${i.id}`).then(load).catch(fail)
                      }
                    >
                      {t('experts.withdrawOf', { name: i.name })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function InviteForm({ onInvited }: { onInvited: (path: string, name: string) => void }) {
  const { t } = useI18n();
  const units = useUnits();
  const empty = {
    unit: '',
    displayName: '',
    country: '',
    languages: '',
    contact: '',
    expertise: [] as ExpertiseArea[],
  };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      const r = await post<{ path: string; invitation: Invitation }>('/experts/invitations', {
        unit: form.unit,
        displayName: form.displayName,
        country: form.country,
        languages: form.languages
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean),
        expertise: form.expertise,
        ...(form.contact.trim() ? { contact: form.contact.trim() } : {}),
      });
      setForm(empty);
      onInvited(r.path, r.invitation.name);
    } catch (err) {
      setErrors(fieldErrors(t, err));
    }
  };
  return (
    <details className="panel">
      <summary>{t('experts.invite')}</summary>
      <form onSubmit={(e) => void submit(e)} aria-label={t('experts.invite')}>
        <p className="muted">{t('experts.inviteIntro')}</p>
        <OrgUnitSelect
          label={t('experts.unit')}
          units={units}
          value={form.unit}
          onChange={(unit) => setForm({ ...form, unit })}
          error={errors.unit}
          first={<option value="">{t('experts.chooseUnit')}</option>}
          required
        />
        <Field
          label={t('experts.displayName')}
          hint={t('experts.displayNameHint')}
          value={form.displayName}
          error={errors.displayName}
          required
          onChange={(e) => setForm({ ...form, displayName: e.target.value })}
        />
        <Field
          label={t('experts.country')}
          hint={t('experts.countryHint')}
          value={form.country}
          error={errors.country}
          required
          maxLength={2}
          onChange={(e) => setForm({ ...form, country: e.target.value })}
        />
        <Field
          label={t('experts.languages')}
          hint={t('experts.languagesHint')}
          value={form.languages}
          error={errors.languages ?? errors['languages.0']}
          required
          onChange={(e) => setForm({ ...form, languages: e.target.value })}
        />
        <fieldset>
          <legend>{t('experts.col.expertise')}</legend>
          {EXPERTISE_AREAS.map((a) => (
            <label key={a} className="check">
              <input
                type="checkbox"
                checked={form.expertise.includes(a)}
                onChange={(e) =>
                  setForm({
                    ...form,
                    expertise: e.target.checked
                      ? [...form.expertise, a]
                      : form.expertise.filter((x) => x !== a),
                  })
                }
              />{' '}
              {t(`experts.area.${a}`)}
            </label>
          ))}
        </fieldset>
        <Field
          label={t('experts.contact')}
          hint={t('experts.contactHint')}
          value={form.contact}
          error={errors.contact}
          onChange={(e) => setForm({ ...form, contact: e.target.value })}
        />
        <button type="submit">{t('experts.inviteButton')}</button>
      </form>
    </details>
  );
}
