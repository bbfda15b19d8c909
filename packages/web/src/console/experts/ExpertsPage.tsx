/**
 * The pool of community experts, for grants officers and programme managers: who is in it (the name
 * each goes by, country, languages, what they know about, the contact they chose, how much they have
 * reviewed), inviting someone with a link shown once, and the invitations still open.
 */

import type { Expert, ExpertiseArea, Invitation } from '@harbour/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { api, get, post } from '../../shared/api.js';
import { fieldErrors } from '../../shared/errors.js';
import { OrgUnitSelect } from '../../shared/OrgUnitSelect.js';
import { Field, Notice, PageTitle } from '../../shared/ui.js';
import { useNotice } from '../../shared/use-notice.js';
import { useUnits } from '../monitoring/ScopePicker.js';
import { EMPTY_PROFILE, type ProfileDraft, ProfileFields, profileInputOf } from './ProfileFields.js';

export default function ExpertsPage() {
  const { t, locale } = useI18n();
  const [experts, setExperts] = useState<Expert[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [link, setLink] = useState<string | null>(null);
  const { notice, setNotice, fail } = useNotice();
  const load = useCallback(() => {
    get('/experts')
      .then((r) => setExperts(r.experts))
      .catch(fail);
    get('/experts/invitations')
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
  const [where, setWhere] = useState({ unit: '', displayName: '' });
  const [profile, setProfile] = useState<ProfileDraft>(EMPTY_PROFILE);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      const r = await post('/experts/invitations', {
        ...where,
        ...profileInputOf(profile),
      });
      setWhere({ unit: '', displayName: '' });
      setProfile(EMPTY_PROFILE);
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
          value={where.unit}
          onChange={(unit) => setWhere({ ...where, unit })}
          error={errors.unit}
          first={<option value="">{t('experts.chooseUnit')}</option>}
          required
        />
        <Field
          label={t('experts.displayName')}
          hint={t('experts.displayNameHint')}
          value={where.displayName}
          error={errors.displayName}
          required
          onChange={(e) => setWhere({ ...where, displayName: e.target.value })}
        />
        <ProfileFields
          value={profile}
          onChange={setProfile}
          errors={errors}
          contactLabel={t('experts.contact')}
        />
        <button type="submit">{t('experts.inviteButton')}</button>
      </form>
    </details>
  );
}
