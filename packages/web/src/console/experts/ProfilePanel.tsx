/**
 * A community expert's own profile: country, languages, what they know about, and the contact they
 * choose to give the programme (sealed at rest; only those who invite experts read it). No legal name.
 */

import { EXPERTISE_AREAS, type ExpertiseArea } from '@harbour/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, put } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { Field, Notice } from '../../shared/ui.js';

interface Profile {
  name: string;
  country: string | null;
  languages: string[];
  expertise: ExpertiseArea[];
  contact: string | null;
}

export function ProfilePanel() {
  const { t } = useI18n();
  const [form, setForm] = useState<{
    country: string;
    languages: string;
    expertise: ExpertiseArea[];
    contact: string;
  } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    get<Profile>('/experts/me')
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
      await put('/experts/me', {
        country: form.country,
        languages: form.languages
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean),
        expertise: form.expertise,
        ...(form.contact.trim() ? { contact: form.contact.trim() } : {}),
      });
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
        <Field
          label={t('experts.country')}
          hint={t('experts.countryHint')}
          value={form.country}
          maxLength={2}
          error={errors.country}
          required
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
          label={t('experts.myContact')}
          hint={t('experts.contactHint')}
          value={form.contact}
          error={errors.contact}
          onChange={(e) => setForm({ ...form, contact: e.target.value })}
        />
        <button type="submit">{t('experts.saveProfile')}</button>
      </form>
    </details>
  );
}
