/** The fields of an expert's profile — country, languages, expertise, contact — for the invitation and the expert's own page. */

import { EXPERTISE_AREAS, type ExpertiseArea } from '@harbour/core';
import { useI18n } from '../../i18n/i18n.js';
import { Field } from '../../shared/ui.js';

export interface ProfileDraft {
  country: string;
  /** As typed: comma-separated. */
  languages: string;
  expertise: ExpertiseArea[];
  contact: string;
}

export const EMPTY_PROFILE: ProfileDraft = { country: '', languages: '', expertise: [], contact: '' };

/** What the server takes, from the form's text. */
export function profileInputOf(d: ProfileDraft) {
  return {
    country: d.country,
    languages: d.languages
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean),
    expertise: d.expertise,
    ...(d.contact.trim() ? { contact: d.contact.trim() } : {}),
  };
}

export function ProfileFields({
  value,
  onChange,
  errors,
  contactLabel,
}: {
  value: ProfileDraft;
  onChange: (next: ProfileDraft) => void;
  errors: Record<string, string>;
  contactLabel: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <Field
        label={t('experts.country')}
        hint={t('experts.countryHint')}
        value={value.country}
        error={errors.country}
        required
        maxLength={2}
        onChange={(e) => onChange({ ...value, country: e.target.value })}
      />
      <Field
        label={t('experts.languages')}
        hint={t('experts.languagesHint')}
        value={value.languages}
        error={errors.languages ?? errors['languages.0']}
        required
        onChange={(e) => onChange({ ...value, languages: e.target.value })}
      />
      <fieldset>
        <legend>{t('experts.col.expertise')}</legend>
        {EXPERTISE_AREAS.map((a) => (
          <label key={a} className="check">
            <input
              type="checkbox"
              checked={value.expertise.includes(a)}
              onChange={(e) =>
                onChange({
                  ...value,
                  expertise: e.target.checked
                    ? [...value.expertise, a]
                    : value.expertise.filter((x) => x !== a),
                })
              }
            />{' '}
            {t(`experts.area.${a}`)}
          </label>
        ))}
      </fieldset>
      <Field
        label={contactLabel}
        hint={t('experts.contactHint')}
        value={value.contact}
        error={errors.contact}
        onChange={(e) => onChange({ ...value, contact: e.target.value })}
      />
    </>
  );
}
