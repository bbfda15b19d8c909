/**
 * Find a client by code — typed, or built from the scheme's questions — or enrol them with no name.
 * The code and the answers live only in this page's memory and are cleared once the client is open.
 */

import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, post } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { navigate } from '../../shared/router.js';
import { Field, Notice, PageTitle, SelectField } from '../../shared/ui.js';
import { SitePicker, useSiteFor } from '../work-site.js';
import { rememberFound } from './found-clients.js';
import { useProgramme } from './programme.js';

export interface ClientSummary {
  id: string;
  ref: string;
  suffix: number;
  sex: string;
  birthYear: number | null;
  kp: string | null;
  enrolSite: { code: string; name: string };
  firstContactDate: string | null;
  lastContactDate: string | null;
  alias: string | null;
  /** `serve`: found by code at a site outside the user's part of the tree (no alias, no history). */
  access?: 'full' | 'serve';
}

const QUESTION_FIELDS = ['surname', 'givenName', 'motherName', 'fatherName'] as const;

export function FindClientPage() {
  const { t } = useI18n();
  const site = useSiteFor('client.read');
  const programme = useProgramme(site?.code);
  const [mode, setMode] = useState<'typed' | 'answers'>('typed');
  const [uic, setUic] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [matches, setMatches] = useState<ClientSummary[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [enrolling, setEnrolling] = useState<{ differentPerson: boolean } | null>(null);

  const codeInput = () =>
    mode === 'typed'
      ? { uic }
      : {
          answers: {
            ...Object.fromEntries(
              QUESTION_FIELDS.filter((q) => programme?.uicScheme.questions.includes(q)).map((q) => [
                q,
                answers[q] ?? '',
              ]),
            ),
            sex: answers.sex || null,
            birthDate: answers.birthDate || null,
          },
        };

  const forget = () => {
    setUic('');
    setAnswers({});
  };

  const find = async (e: FormEvent) => {
    e.preventDefault();
    if (!site) return;
    setErrors({});
    setProblem(null);
    setEnrolling(null);
    try {
      const r = await post('/clients/lookup', {
        siteCode: site.code,
        ...codeInput(),
      });
      setMatches(r.matches);
    } catch (err) {
      const fe = fieldErrors(t, err);
      setErrors(Object.fromEntries(Object.entries(fe).map(([k, v]) => [k.replace(/^answers\./, ''), v])));
      if (err instanceof ApiError && !err.problem.errors?.length) setProblem(localiseProblem(t, err));
      setMatches(null);
    }
  };

  const open = (id: string) => {
    forget();
    navigate(`/console/clients/${id}`);
  };

  return (
    <section>
      <PageTitle>{t('clients.findTitle')}</PageTitle>
      <SitePicker permission="client.read" />
      <form
        className="panel"
        onSubmit={(e) => void find(e)}
        noValidate
        aria-labelledby="find-title"
        autoComplete="off"
      >
        <h2 id="find-title">{t('clients.findHeading')}</h2>
        <fieldset className="choice">
          <legend>{t('clients.howToFind')}</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'typed'} onChange={() => setMode('typed')} />{' '}
            {t('clients.typeCode')}
          </label>
          <label>
            <input
              type="radio"
              name="mode"
              checked={mode === 'answers'}
              onChange={() => setMode('answers')}
            />{' '}
            {t('clients.buildCode')}
          </label>
        </fieldset>
        {mode === 'typed' ? (
          <Field
            label={t('clients.uic')}
            hint={t('clients.uicHint')}
            value={uic}
            error={errors.uic}
            onChange={(e) => setUic(e.target.value)}
            autoCapitalize="characters"
            spellCheck={false}
          />
        ) : (
          <>
            <p className="field__hint">{t('clients.answersHint')}</p>
            {QUESTION_FIELDS.filter((q) => programme?.uicScheme.questions.includes(q)).map((q) => (
              <Field
                key={q}
                label={t(`uic.${q}`)}
                value={answers[q] ?? ''}
                error={errors[q]}
                onChange={(e) => setAnswers({ ...answers, [q]: e.target.value })}
                spellCheck={false}
              />
            ))}
            {programme?.uicScheme.questions.includes('sex') && (
              <SelectField
                label={t('clients.sex')}
                value={answers.sex ?? ''}
                error={errors.sex}
                onChange={(e) => setAnswers({ ...answers, sex: e.target.value })}
              >
                <option value="">—</option>
                {programme.sexes.map((s) => (
                  <option key={s} value={s}>
                    {t(`sex.${s}`)}
                  </option>
                ))}
              </SelectField>
            )}
            {programme?.uicScheme.questions.includes('birthDate') && (
              <Field
                label={t('uic.birthDate')}
                type="date"
                value={answers.birthDate ?? ''}
                error={errors.birthDate}
                onChange={(e) => setAnswers({ ...answers, birthDate: e.target.value })}
              />
            )}
          </>
        )}
        {problem && <Notice kind="error">{problem}</Notice>}
        <button type="submit" className="primary" disabled={!site}>
          {t('clients.find')}
        </button>
      </form>

      {matches && (
        <section className="panel" aria-live="polite" aria-labelledby="results-title">
          <h2 id="results-title">
            {matches.length ? t('clients.found', { n: matches.length }) : t('clients.notFound')}
          </h2>
          {matches.length > 0 && (
            <ul className="cards">
              {matches.map((m) => (
                <li key={m.id}>
                  <ClientCard c={m} />
                  <button
                    type="button"
                    className="primary"
                    onClick={() => {
                      rememberFound(m);
                      open(m.id);
                    }}
                  >
                    {t('clients.open')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="actions">
            {matches.length === 0 ? (
              <button
                type="button"
                className="primary"
                onClick={() => setEnrolling({ differentPerson: false })}
              >
                {t('clients.enrolNew')}
              </button>
            ) : (
              <button type="button" onClick={() => setEnrolling({ differentPerson: true })}>
                {t('clients.enrolDifferent')}
              </button>
            )}
          </div>
        </section>
      )}

      {enrolling && site && programme && (
        <EnrolForm
          siteCode={site.code}
          programme={programme}
          code={codeInput()}
          differentPerson={enrolling.differentPerson}
          onEnrolled={(id) => open(id)}
        />
      )}
    </section>
  );
}

export function ClientCard({ c }: { c: ClientSummary }) {
  const { t } = useI18n();
  return (
    <dl className="client-card">
      <div>
        <dt>{t('clients.ref')}</dt>
        <dd>
          <code>{c.ref}</code>
          {c.suffix ? ` /${c.suffix}` : ''}
        </dd>
      </div>
      {c.alias && (
        <div>
          <dt>{t('clients.alias')}</dt>
          <dd>{c.alias}</dd>
        </div>
      )}
      <div>
        <dt>{t('clients.sex')}</dt>
        <dd>{t(`sex.${c.sex}`)}</dd>
      </div>
      <div>
        <dt>{t('clients.birthYear')}</dt>
        <dd>{c.birthYear ?? '—'}</dd>
      </div>
      <div>
        <dt>{t('clients.kp')}</dt>
        <dd>{c.kp ? t(`kp.${c.kp}`) : '—'}</dd>
      </div>
      <div>
        <dt>{t('clients.enrolledAt')}</dt>
        <dd>{c.enrolSite.name}</dd>
      </div>
      <div>
        <dt>{t('clients.lastSeen')}</dt>
        <dd>{c.lastContactDate ?? '—'}</dd>
      </div>
    </dl>
  );
}

function EnrolForm({
  siteCode,
  programme,
  code,
  differentPerson,
  onEnrolled,
}: {
  siteCode: string;
  programme: NonNullable<ReturnType<typeof useProgramme>>;
  code: Record<string, unknown>;
  differentPerson: boolean;
  onEnrolled: (id: string) => void;
}) {
  const { t } = useI18n();
  const answers = (code.answers ?? {}) as { sex?: string; birthDate?: string };
  const [sex, setSex] = useState(answers.sex ?? '');
  const [birthYear, setBirthYear] = useState(answers.birthDate ? answers.birthDate.slice(0, 4) : '');
  const [kp, setKp] = useState('');
  const [alias, setAlias] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      const c = await post('/clients', {
        siteCode,
        ...code,
        sex: sex || 'unknown',
        birthYear: birthYear ? Number(birthYear) : null,
        kp: kp || null,
        ...(alias ? { alias } : {}),
        ...(differentPerson ? { differentPersonSameCode: true } : {}),
      });
      onEnrolled(c.id);
    } catch (err) {
      const fe = fieldErrors(t, err);
      setErrors(
        Object.keys(fe).length
          ? fe
          : { sex: err instanceof ApiError ? localiseProblem(t, err) : String(err) },
      );
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="enrol-title">
      <h2 id="enrol-title">{differentPerson ? t('clients.enrolDifferentTitle') : t('clients.enrolTitle')}</h2>
      <p className="field__hint">{t('clients.noName')}</p>
      <SelectField
        label={t('clients.sex')}
        value={sex}
        error={errors.sex}
        onChange={(e) => setSex(e.target.value)}
      >
        <option value="">{t('sex.unknown')}</option>
        {programme.sexes
          .filter((s) => s !== 'unknown')
          .map((s) => (
            <option key={s} value={s}>
              {t(`sex.${s}`)}
            </option>
          ))}
      </SelectField>
      <Field
        label={t('clients.birthYear')}
        inputMode="numeric"
        maxLength={4}
        value={birthYear}
        error={errors.birthYear}
        onChange={(e) => setBirthYear(e.target.value.replace(/\D/g, ''))}
      />
      <SelectField
        label={t('clients.kp')}
        value={kp}
        error={errors.kp}
        onChange={(e) => setKp(e.target.value)}
      >
        <option value="">—</option>
        {programme.keyPopulations.map((k) => (
          <option key={k} value={k}>
            {t(`kp.${k}`)}
          </option>
        ))}
      </SelectField>
      {programme.aliasEnabled && (
        <Field
          label={t('clients.alias')}
          hint={t('clients.aliasHint')}
          value={alias}
          error={errors.alias}
          onChange={(e) => setAlias(e.target.value)}
        />
      )}
      <button type="submit" className="primary">
        {t('clients.enrol')}
      </button>
    </form>
  );
}
