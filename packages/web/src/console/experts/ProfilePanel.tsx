/**
 * A community expert's own profile: country, languages, what they know about, and the contact they
 * choose to give the programme (sealed at rest; only those who invite experts read it). No legal name.
 */

import { type FormEvent, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, put } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { Notice } from '../../shared/ui.js';
import { type ProfileDraft, ProfileFields, profileInputOf } from './ProfileFields.js';

export function ProfilePanel() {
  const { t } = useI18n();
  const [form, setForm] = useState<ProfileDraft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    get('/experts/me')
      .then((p) =>
        setForm({
          country: p.country ?? '',
          languages: p.languages.join(', '),
          expertise: p.expertise,
          contact: p.contact ?? '',
        }),
      )
      .catch(() => undefined);
  }, []);
  if (!form) return null;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setNotice(null);
    try {
      await put('/experts/me', profileInputOf(form));
      setNotice({ kind: 'ok', text: t('experts.profileSaved') });
    } catch (err) {
      setErrors(fieldErrors(t, err));
      if (err instanceof ApiError && !err.problem.errors?.length)
        setNotice({ kind: 'error', text: localiseProblem(t, err) });
    }
  };
  return (
    <details className="panel">
      <summary>{t('experts.myProfile')}</summary>
      <form onSubmit={(e) => void save(e)} aria-label={t('experts.myProfile')}>
        <p className="muted">{t('experts.myProfileIntro')}</p>
        {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
        <ProfileFields
          value={form}
          onChange={setForm}
          errors={errors}
          contactLabel={t('experts.myContact')}
        />
        <button type="submit">{t('experts.saveProfile')}</button>
      </form>
    </details>
  );
}
