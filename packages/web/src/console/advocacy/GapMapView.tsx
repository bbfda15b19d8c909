/**
 * The gap map: countries coloured by one measure for a year, from shapes bundled with the console, and
 * the same numbers in a table that sorts by any column. Countries without the measure are grey and
 * say "no data" — never drawn as zero.
 */

import { MAP_MEASURES } from '@harbour/core';
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Field, Notice, SelectField } from '../../shared/ui.js';
import { Chart, type MapSource } from '../monitoring/Chart.js';
import { advocacyApi, type CountriesOverviewData } from './advocacy-api.js';
import { countryName, measureLabel, showValue } from './advocacy-format.js';

const NO_DATA = '#d0d4d8';
const LEVEL_COLOURS = { low: '#D55E00', medium: '#E69F00', high: '#009E73' } as const;
const COLUMNS = [
  'pwid',
  'nsp.syringes_per_pwid',
  'nsp.level',
  'ost.coverage',
  'ost.level',
  'funding.share_of_need',
  'criminalisation.ratio',
  'policy.drug_use',
] as const;

export function GapMapView({
  keeper,
  onOpen,
}: {
  keeper: string | undefined;
  onOpen: (country: string) => void;
}) {
  const { t, locale } = useI18n();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear - 1);
  const [measure, setMeasure] = useState<string>('nsp.level');
  const [data, setData] = useState<CountriesOverviewData | null>(null);
  const [world, setWorld] = useState<MapSource | null>(null);
  const [sort, setSort] = useState<{ column: string; descending: boolean }>({
    column: 'country',
    descending: false,
  });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void import('./world.js').then(async ({ worldGeoJson }) =>
      setWorld({ name: 'harbour-world', geoJSON: await worldGeoJson() }),
    );
  }, []);
  useEffect(() => {
    setError(null);
    advocacyApi
      .overview(year, measure, keeper)
      .then(setData)
      .catch((e) => setError(e instanceof ApiError ? localiseProblem(t, e) : String(e)));
  }, [year, measure, keeper, t]);

  const isLevel = measure.endsWith('.level');
  const option = useMemo(() => {
    if (!data) return null;
    const withValue = data.countries.filter((c) => c.value !== null);
    const numbers = withValue.map((c) => c.value).filter((v): v is number => typeof v === 'number');
    // The map colours numbers: a WHO level is drawn as 0, 1 or 2 and named in the legend.
    const levels = ['low', 'medium', 'high'] as const;
    const visualMap = isLevel
      ? {
          type: 'piecewise',
          pieces: levels.map((l, i) => ({
            value: i,
            label: showValue(t, locale, measure, l),
            color: LEVEL_COLOURS[l],
          })),
          outOfRange: { color: NO_DATA },
          left: 8,
          bottom: 8,
        }
      : {
          type: 'continuous',
          min: Math.min(0, ...numbers),
          max: Math.max(1, ...numbers),
          inRange: { color: ['#fde0c5', '#0072B2'] },
          outOfRange: { color: NO_DATA },
          formatter: (v: number) => showValue(t, locale, measure, v),
          calculable: false,
          left: 8,
          bottom: 8,
        };
    const mapValue = (v: number | string | null) =>
      isLevel ? levels.indexOf(v as (typeof levels)[number]) : v;
    return {
      animation: false,
      aria: { enabled: true },
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; data?: { shown: number | string } }) =>
          `${countryName(locale, p.name)}: ${p.data ? showValue(t, locale, measure, p.data.shown) : t('advocacy.noData')}`,
      },
      visualMap,
      series: [
        {
          type: 'map',
          map: 'harbour-world',
          roam: false,
          emphasis: { label: { show: false } },
          // Grey: no data for this measure (not zero).
          itemStyle: { areaColor: NO_DATA, borderColor: '#fff', borderWidth: 0.5 },
          data: withValue.map((c) => ({ name: c.country, value: mapValue(c.value), shown: c.value })),
        },
      ],
    };
  }, [data, isLevel, measure, t, locale]);

  const rows = useMemo(() => {
    const list = [...(data?.countries ?? [])];
    const key = (c: CountriesOverviewData['countries'][number]) =>
      sort.column === 'country'
        ? countryName(locale, c.country)
        : sort.column === 'dataYear'
          ? c.dataYear
          : (c.values[sort.column] ?? null);
    const order = ['low', 'medium', 'high'];
    list.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      if (x === null) return 1;
      if (y === null) return -1;
      const cmp =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : order.includes(String(x)) && order.includes(String(y))
            ? order.indexOf(String(x)) - order.indexOf(String(y))
            : String(x).localeCompare(String(y), locale);
      return sort.descending ? -cmp : cmp;
    });
    return list;
  }, [data, sort, locale]);

  const header = (column: string, label: string) => (
    <th
      scope="col"
      aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        className="link"
        onClick={() => setSort((s) => ({ column, descending: s.column === column ? !s.descending : false }))}
      >
        {label}
      </button>
    </th>
  );

  return (
    <div className="advocacy-map">
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Field
          label={t('advocacy.year')}
          type="number"
          min={1950}
          max={thisYear}
          value={year}
          onChange={(e) => Number(e.target.value) >= 1950 && setYear(Number(e.target.value))}
        />
        <SelectField
          label={t('advocacy.colourBy')}
          value={measure}
          onChange={(e) => setMeasure(e.target.value)}
        >
          {MAP_MEASURES.map((m) => (
            <option key={m} value={m}>
              {measureLabel(t, m)}
            </option>
          ))}
        </SelectField>
      </form>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {option && world ? (
        <Chart
          option={option}
          map={world}
          height={420}
          label={t('advocacy.mapLabel', {
            measure: measureLabel(t, measure),
            year,
            count: data?.countries.length ?? 0,
          })}
        />
      ) : (
        <p className="loading">{t('app.loading')}</p>
      )}
      <p className="muted">{t('advocacy.noDataGrey')}</p>
      {data ? (
        <table className="data-table advocacy-table">
          <caption>{t('advocacy.tableCaption', { year: data.year, count: data.countries.length })}</caption>
          <thead>
            <tr>
              {header('country', t('advocacy.country'))}
              {COLUMNS.map((c) => header(c, measureLabel(t, c)))}
              {header('dataYear', t('advocacy.latestData'))}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.country}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => onOpen(c.country)}>
                    {countryName(locale, c.country)}
                  </button>
                </th>
                {COLUMNS.map((col) => (
                  <td key={col}>
                    {col.endsWith('.level') && c.values[col] ? (
                      <span className={`level level--${c.values[col]}`}>
                        {showValue(t, locale, col, c.values[col])}
                      </span>
                    ) : (
                      showValue(t, locale, col, c.values[col])
                    )}
                  </td>
                ))}
                <td>{c.dataYear}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
