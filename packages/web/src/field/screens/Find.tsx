/** Find a client by code (typed, or built from the scheme's questions) — or enrol them if nobody has it. */

import {
  buildUic,
  KEY_POPULATIONS,
  type KeyPopulation,
  SEXES,
  type Sex,
  schemeQuestions,
  type UicAnswers,
  type UicScheme,
} from '@harbour/core';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import type { LocalClient } from '../model.js';
import type { FieldSession } from '../store.js';
import { Icon } from './icons.js';
import { clientLabel } from './labels.js';
import { BigButton, Choices, Screen } from './ui.js';

export function FindScreen({
  session,
  purpose,
  onOpen,
  back,
}: {
  session: FieldSession;
  purpose: 'visit' | 'overdose';
  onOpen: (clientId: string) => void;
  back: () => void;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'type' | 'ask'>('type');
  const [code, setCode] = useState('');
  const [answers, setAnswers] = useState<UicAnswers>({});
  const [result, setResult] = useState<{ matches: LocalClient[]; code: string; asked: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scheme = session.secrets.settings.uicScheme as UicScheme;

  useEffect(() => {
    document.getElementById('f-title')?.focus();
  }, []);

  async function search() {
    setError(null);
    let typed = code;
    if (mode === 'ask') {
      const built = buildUic(scheme, { ...answers, site: answers.site ?? session.secrets.siteCode });
      if (!built.ok) return setError(built.issues.map((i) => i.message).join('; '));
      typed = built.code;
    }
    const found = await session.find(typed);
    if (!found.base) return setError(t('field.find.badCode'));
    setResult({ matches: found.matches, code: found.base, asked: mode === 'ask' });
  }

  return (
    <Screen title={purpose === 'overdose' ? t('field.overdose.who') : t('field.find.title')} back={back}>
      <div className="f-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'type'} onClick={() => setMode('type')}>
          <Icon name="keyboard" size={20} /> {t('field.find.typeCode')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'ask'}
          onClick={() => setMode('ask')}
          data-testid="ask"
        >
          <Icon name="chat" size={20} /> {t('field.find.askQuestions')}
        </button>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        {mode === 'type' ? (
          <label className="f-field">
            {t('field.find.code')}
            <input
              value={code}
              onChange={(e) => {
                setCode(e.target.value);
                setResult(null);
              }}
              autoCapitalize="characters"
              autoComplete="off"
              spellCheck={false}
              data-testid="uic"
            />
          </label>
        ) : (
          schemeQuestions(scheme)
            .filter((q) => q !== 'site')
            .map((q) =>
              q === 'sex' ? (
                <label className="f-field" key={q}>
                  {t(`field.question.${q}`)}
                  <select
                    value={answers.sex ?? ''}
                    onChange={(e) => setAnswers({ ...answers, sex: e.target.value as Sex })}
                  >
                    <option value="" />
                    {SEXES.map((s) => (
                      <option key={s} value={s}>
                        {t(`sex.${s}`)}
                      </option>
                    ))}
                  </select>
                </label>
              ) : (
                <label className="f-field" key={q}>
                  {t(`field.question.${q}`)}
                  <input
                    type={q === 'birthDate' ? 'date' : 'text'}
                    value={(answers[q] as string | undefined) ?? ''}
                    onChange={(e) => setAnswers({ ...answers, [q]: e.target.value })}
                    autoComplete="off"
                  />
                </label>
              ),
            )
        )}
        <button type="submit" className="f-big f-primary" data-testid="search">
          <Icon name="search" size={22} /> {t('field.find.search')}
        </button>
      </form>
      <p className="f-muted">{t('field.find.answersForgotten')}</p>
      {error ? (
        <p className="f-error" role="alert">
          {error}
        </p>
      ) : null}
      {result ? (
        <div aria-live="polite">
          <p className="f-code" data-testid="code">
            {t('field.find.codeIs', { code: result.code })}
          </p>
          {result.matches.length ? (
            <ul className="f-list">
              {result.matches.map((c) => (
                <li key={c.id}>
                  <button type="button" className="f-big" onClick={() => onOpen(c.id)} data-testid="match">
                    <Icon name="person" /> {clientLabel(t, c)}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <>
              <p>{t('field.find.none')}</p>
              <NewClient
                session={session}
                code={result.code}
                onEnrolled={onOpen}
                answers={result.asked ? answers : {}}
              />
            </>
          )}
        </div>
      ) : null}
    </Screen>
  );
}

function NewClient({
  session,
  code,
  onEnrolled,
  answers,
}: {
  session: FieldSession;
  code: string;
  onEnrolled: (id: string) => void;
  /** What the person already said to build the code: not asked twice. */
  answers: UicAnswers;
}) {
  const { t } = useI18n();
  const [sex, setSex] = useState<Sex | ''>(answers.sex && answers.sex !== 'unknown' ? answers.sex : '');
  const year = answers.birthDate?.slice(0, 4);
  const [birthYear, setBirthYear] = useState(year && /^(19|20)\d\d$/.test(year) ? year : '');
  const [kp, setKp] = useState<KeyPopulation | ''>('pwid');
  const [error, setError] = useState<string | null>(null);

  async function enrol() {
    if (!sex) return setError(t('field.enrol.needSex'));
    const year = birthYear ? Number(birthYear) : null;
    const thisYear = new Date(session.now()).getFullYear();
    if (year !== null && (!Number.isInteger(year) || year < thisYear - 100 || year > thisYear - 10))
      return setError(t('field.enrol.badYear', { min: thisYear - 100, max: thisYear - 10 }));
    const c = await session.enrol({ uic: code, sex, birthYear: year, kp: kp || null });
    onEnrolled(c.id);
  }

  return (
    <fieldset className="f-new">
      <legend>{t('field.enrol.newClient')}</legend>
      <Choices
        label={t('field.question.sex')}
        name="sex"
        options={SEXES.map((s) => ({ value: s, text: t(`sex.${s}`) }))}
        value={sex}
        onChange={setSex}
      />
      <label className="f-field">
        {t('field.enrol.birthYear')}
        <input
          inputMode="numeric"
          value={birthYear}
          onChange={(e) => setBirthYear(e.target.value.replace(/\D/g, ''))}
        />
      </label>
      <label className="f-field">
        {t('field.enrol.kp')}
        <select value={kp} onChange={(e) => setKp(e.target.value as KeyPopulation)}>
          {KEY_POPULATIONS.map((k) => (
            <option key={k} value={k}>
              {t(`kp.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {error ? (
        <p className="f-error" role="alert">
          {error}
        </p>
      ) : null}
      <BigButton icon="plus" kind="primary" onClick={() => void enrol()} testId="enrol">
        {t('field.enrol.save')}
      </BigButton>
    </fieldset>
  );
}
