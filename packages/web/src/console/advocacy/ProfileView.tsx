/**
 * A country profile for a year: headline figures, every figure with its source, every derived figure
 * with what it lacks, a what-if that moves them without saving, saved scenarios, trends over the years,
 * and the brief to hand to a minister.
 */

import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Field, Notice, SelectField } from '../../shared/ui.js';
import { Chart } from '../monitoring/Chart.js';
import { PALETTE } from '../monitoring/chart-options.js';
import {
  advocacyApi,
  type CountryProfileView,
  type CountryTrendsData,
  type ScenarioData,
  type WhatIfValue,
} from './advocacy-api.js';
import { countryName, measureLabel, showValue } from './advocacy-format.js';

/** The values an advocate most often changes to argue "what if" (the list). */
const WHAT_IF_MEASURES = [
  'prison.cost_per_day',
  'prison.drug_use_prisoners',
  'cost.nsp_per_person_year',
  'cost.ost_per_person_year',
  'social.unemployment_benefit_year',
  'enforcement.drug_use_cases',
] as const;

const HEADLINE = [
  'nsp.syringes_per_pwid',
  'ost.coverage',
  'funding.share_of_need',
  'criminalisation.ratio',
  'criminalisation.people_served_instead',
] as const;

const BRIEF_LANGS = ['en', 'ru', 'fr'] as const;

export function ProfileView({
  countries,
  keeper,
  mayEdit,
  initialCountry,
}: {
  countries: string[];
  keeper: string | undefined;
  mayEdit: boolean;
  initialCountry?: string;
}) {
  const { t, locale } = useI18n();
  const thisYear = new Date().getFullYear();
  const [country, setCountry] = useState(initialCountry ?? countries[0] ?? '');
  const [year, setYear] = useState(thisYear - 1);
  const [profile, setProfile] = useState<CountryProfileView | null>(null);
  const [stored, setStored] = useState<CountryProfileView | null>(null);
  const [whatIf, setWhatIf] = useState<Record<string, string>>({});
  const [whatIfErrors, setWhatIfErrors] = useState<Record<string, string>>({});
  const [scenarios, setScenarios] = useState<ScenarioData[]>([]);
  const [scenarioName, setScenarioName] = useState('');
  const [trends, setTrends] = useState<CountryTrendsData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [lang, setLang] = useState<string>(BRIEF_LANGS.includes(locale as never) ? locale : 'en');

  useEffect(() => {
    if (!country && countries[0]) setCountry(countries[0]);
  }, [countries, country]);

  useEffect(() => {
    if (!country) return;
    setError(null);
    setWhatIf({});
    advocacyApi
      .profile(country, year, keeper)
      .then((p) => {
        setStored(p);
        setProfile(p);
      })
      .catch((e) => setError(e instanceof ApiError ? localiseProblem(t, e) : String(e)));
    advocacyApi
      .scenarios(country, keeper)
      .then((r) => setScenarios(r.scenarios))
      .catch(() => setScenarios([]));
    advocacyApi
      .trends(country, year - 5, year, keeper)
      .then(setTrends)
      .catch(() => setTrends(null));
  }, [country, year, keeper, t]);

  // The what-if is computed by the server's engine (the same one as the stored profile), a moment
  // after the last keystroke.
  const timer = useRef<number | undefined>(undefined);
  const changes = useMemo<WhatIfValue[]>(
    () =>
      Object.entries(whatIf)
        .filter(([, v]) => v.trim() !== '')
        .map(([measure, value]) => ({ measure, value: value.trim() })),
    [whatIf],
  );
  useEffect(() => {
    if (!country || !stored) return;
    window.clearTimeout(timer.current);
    if (changes.length === 0) {
      setProfile(stored);
      setWhatIfErrors({});
      return;
    }
    timer.current = window.setTimeout(() => {
      advocacyApi
        .whatIf(country, year, changes, keeper)
        .then((p) => {
          setProfile(p);
          setWhatIfErrors({});
        })
        .catch((e) => {
          if (!(e instanceof ApiError)) return;
          const byField: Record<string, string> = {};
          for (const x of e.problem.errors ?? []) {
            const m = /^whatIf\.(\d+)\./.exec(x.field);
            const change = m ? changes[Number(m[1])] : undefined;
            if (change) byField[change.measure] = x.message;
          }
          setWhatIfErrors(byField);
        });
    }, 250);
    return () => window.clearTimeout(timer.current);
  }, [changes, country, year, keeper, stored]);

  const derived = (m: string) => profile?.derived.find((d) => d.measure === m);
  const storedDerived = (m: string) => stored?.derived.find((d) => d.measure === m);
  const measure = (m: string) => stored?.measures.find((x) => x.measure === m);
  const name = country ? countryName(locale, country) : '';

  const saveScenario = async () => {
    if (!scenarioName.trim() || changes.length === 0) return;
    try {
      const s = await advocacyApi.saveScenario(country, year, scenarioName.trim(), changes, keeper);
      setScenarios((list) =>
        [...list.filter((x) => x.name !== s.name), s].sort((a, b) => a.name.localeCompare(b.name)),
      );
      setNotice(t('advocacy.scenarioSaved', { name: s.name }));
      setScenarioName('');
    } catch (e) {
      setError(e instanceof ApiError ? localiseProblem(t, e) : String(e));
    }
  };
  const applyScenario = (s: ScenarioData) => {
    setYear(s.year);
    setWhatIf(Object.fromEntries(s.whatIf.map((w) => [w.measure, w.value])));
  };

  const trendOption = useMemo(() => {
    if (!trends) return null;
    const years = trends.years.map((y) => String(y.year));
    const series = (m: string, scale = 1) =>
      trends.years.map((y) => {
        const v = y.values[m];
        return typeof v === 'number' ? Math.round(v * scale * 10) / 10 : null;
      });
    return {
      animation: false,
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: years },
      yAxis: [
        { type: 'value', name: t('advocacy.m.nsp.syringes_per_pwid') },
        { type: 'value', name: '%', max: 100 },
      ],
      series: [
        {
          name: measureLabel(t, 'nsp.syringes_per_pwid'),
          type: 'line',
          data: series('nsp.syringes_per_pwid'),
          color: PALETTE[0],
          connectNulls: false,
        },
        {
          name: measureLabel(t, 'ost.coverage'),
          type: 'line',
          yAxisIndex: 1,
          data: series('ost.coverage', 100),
          color: PALETTE[1],
        },
        {
          name: measureLabel(t, 'funding.share_of_need'),
          type: 'line',
          yAxisIndex: 1,
          data: series('funding.share_of_need', 100),
          color: PALETTE[2],
        },
      ],
    };
  }, [trends, t]);

  return (
    <div className="advocacy-profile">
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label={t('advocacy.country')}
          value={country}
          onChange={(e) => setCountry(e.target.value)}
        >
          {countries.map((c) => (
            <option key={c} value={c}>
              {countryName(locale, c)}
            </option>
          ))}
        </SelectField>
        <Field
          label={t('advocacy.year')}
          type="number"
          min={1950}
          max={thisYear}
          value={year}
          onChange={(e) => Number(e.target.value) >= 1950 && setYear(Number(e.target.value))}
        />
      </form>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {profile ? (
        <>
          <h2>{t('advocacy.profileOf', { country: name, year: profile.year })}</h2>
          <ul className="advocacy-headline" aria-label={t('advocacy.headline')}>
            {HEADLINE.map((m) => {
              const d = derived(m);
              const moved = changes.length > 0 && d?.value_usd !== storedDerived(m)?.value_usd;
              return (
                <li key={m} className={moved ? 'moved' : undefined} data-measure={m}>
                  <span className="advocacy-headline__label">{measureLabel(t, m)}</span>
                  <strong className="advocacy-headline__value">
                    {showValue(t, locale, m, d?.value_usd)}
                  </strong>
                  {m === 'nsp.syringes_per_pwid' && derived('nsp.level')?.value ? (
                    <span className={`level level--${derived('nsp.level')?.value}`}>
                      {t('advocacy.whoLevel', {
                        level: showValue(t, locale, 'nsp.level', derived('nsp.level')?.value),
                      })}
                    </span>
                  ) : null}
                  {m === 'ost.coverage' && derived('ost.level')?.value ? (
                    <span className={`level level--${derived('ost.level')?.value}`}>
                      {t('advocacy.whoLevel', {
                        level: showValue(t, locale, 'ost.level', derived('ost.level')?.value),
                      })}
                    </span>
                  ) : null}
                  {d?.lower_bound ? <span className="advocacy-note">{t('advocacy.lowerBound')}</span> : null}
                  {d && d.value_usd === null && d.missing.length ? (
                    <span className="advocacy-note">
                      {t('advocacy.missing', { list: d.missing.join(', ') })}
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>

          <section aria-labelledby="whatif-h" className="advocacy-whatif">
            <h3 id="whatif-h">{t('advocacy.whatIf')}</h3>
            <p>{t('advocacy.whatIfIntro')}</p>
            <div className="advocacy-whatif__fields">
              {WHAT_IF_MEASURES.map((m) => {
                const base = measure(m);
                return (
                  <Field
                    key={m}
                    label={measureLabel(t, m)}
                    inputMode="decimal"
                    value={whatIf[m] ?? ''}
                    placeholder={base ? String(base.value) : t('advocacy.noValue')}
                    hint={base ? `${base.unit ?? ''} ${base.year} · ${base.source}`.trim() : undefined}
                    error={whatIfErrors[m]}
                    onChange={(e) => setWhatIf((w) => ({ ...w, [m]: e.target.value }))}
                    data-measure={m}
                  />
                );
              })}
            </div>
            <div className="actions">
              <button type="button" onClick={() => setWhatIf({})} disabled={changes.length === 0}>
                {t('advocacy.reset')}
              </button>
              {mayEdit ? (
                <>
                  <Field
                    label={t('advocacy.scenarioName')}
                    value={scenarioName}
                    maxLength={120}
                    onChange={(e) => setScenarioName(e.target.value)}
                  />
                  <button
                    type="button"
                    onClick={() => void saveScenario()}
                    disabled={changes.length === 0 || !scenarioName.trim()}
                  >
                    {t('advocacy.saveScenario')}
                  </button>
                </>
              ) : null}
            </div>
            {notice ? <Notice kind="ok">{notice}</Notice> : null}
            {scenarios.length ? (
              <ul className="advocacy-scenarios" aria-label={t('advocacy.scenarios')}>
                {scenarios.map((s) => (
                  <li key={s.id}>
                    <button type="button" className="link" onClick={() => applyScenario(s)}>
                      {s.name}
                    </button>{' '}
                    <span className="muted">
                      ({s.year}, {s.created_by})
                    </span>
                  </li>
                ))}
              </ul>
            ) : null}
          </section>

          <section aria-labelledby="derived-h">
            <h3 id="derived-h">{t('advocacy.derived')}</h3>
            <table className="data-table">
              <caption className="visually-hidden">{t('advocacy.derived')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('advocacy.figure')}</th>
                  <th scope="col">{t('advocacy.local')}</th>
                  <th scope="col">{t('advocacy.usd')}</th>
                  <th scope="col">{t('advocacy.note')}</th>
                </tr>
              </thead>
              <tbody>
                {profile.derived.map((d) => (
                  <tr key={d.measure} data-measure={d.measure}>
                    <th scope="row">{measureLabel(t, d.measure)}</th>
                    <td>
                      {d.unit
                        ? showValue(t, locale, d.measure, d.value, d.unit)
                        : d.value === d.value_usd
                          ? ''
                          : showValue(t, locale, d.measure, d.value)}
                    </td>
                    <td>{showValue(t, locale, d.measure, d.value_usd)}</td>
                    <td>
                      {[
                        d.lower_bound ? t('advocacy.lowerBound') : '',
                        d.suppressed ? t('advocacy.suppressed') : '',
                        d.missing.length ? t('advocacy.missing', { list: d.missing.join(', ') }) : '',
                        !d.lower_bound && !d.suppressed && !d.missing.length ? (d.reason ?? '') : '',
                      ]
                        .filter(Boolean)
                        .join(' ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section aria-labelledby="figures-h">
            <h3 id="figures-h">{t('advocacy.figuresUsed')}</h3>
            <table className="data-table">
              <caption className="visually-hidden">{t('advocacy.figuresUsed')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('advocacy.figure')}</th>
                  <th scope="col">{t('advocacy.value')}</th>
                  <th scope="col">{t('advocacy.year')}</th>
                  <th scope="col">{t('advocacy.source')}</th>
                </tr>
              </thead>
              <tbody>
                {profile.measures.map((m) => (
                  <tr key={m.measure} className={m.what_if ? 'moved' : undefined}>
                    <th scope="row">{measureLabel(t, m.measure)}</th>
                    <td>
                      {showValue(t, locale, m.measure, m.value, m.unit)}
                      {m.lower !== null && m.upper !== null
                        ? ` (${showValue(t, locale, m.measure, m.lower)}–${showValue(t, locale, m.measure, m.upper)})`
                        : ''}
                      {m.what_if ? ` · ${t('advocacy.whatIfMark')}` : ''}
                    </td>
                    <td>{m.year}</td>
                    <td>
                      {m.url ? (
                        <a href={m.url} rel="noreferrer noopener" target="_blank">
                          {m.source}
                        </a>
                      ) : (
                        m.source
                      )}
                      {m.as_of ? ` (${m.as_of})` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          {trendOption ? (
            <section aria-labelledby="trends-h">
              <h3 id="trends-h">{t('advocacy.trends')}</h3>
              <Chart option={trendOption} label={t('advocacy.trendsLabel', { country: name })} height={260} />
            </section>
          ) : null}

          <section aria-labelledby="brief-h" className="advocacy-brief">
            <h3 id="brief-h">{t('advocacy.brief')}</h3>
            <p>{t('advocacy.briefIntro')}</p>
            <SelectField
              label={t('advocacy.briefLanguage')}
              value={lang}
              onChange={(e) => setLang(e.target.value)}
            >
              {BRIEF_LANGS.map((l) => (
                <option key={l} value={l}>
                  {new Intl.DisplayNames([locale], { type: 'language' }).of(l)}
                </option>
              ))}
            </SelectField>
            <p className="actions">
              <a className="button" href={advocacyApi.exportUrl(country, year, 'pdf', lang, keeper)} download>
                {t('advocacy.downloadBrief')}
              </a>{' '}
              <a href={advocacyApi.exportUrl(country, year, 'csv', undefined, keeper)} download>
                {t('advocacy.downloadCsv')}
              </a>{' '}
              <a href={advocacyApi.exportUrl(country, year, 'xlsx', undefined, keeper)} download>
                {t('advocacy.downloadXlsx')}
              </a>
            </p>
          </section>
        </>
      ) : null}
    </div>
  );
}
