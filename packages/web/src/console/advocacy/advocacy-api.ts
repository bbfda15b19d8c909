/**
 * The advocacy API as the console calls it. Every answer is checked against the contract the server
 * declares (packages/core/src/advocacy/contract.ts), so a change on one side fails loudly here
 * instead of drawing wrong numbers.
 */

import {
  type CountriesOverviewData,
  type CountryProfileView,
  type CountryTrendsData,
  countriesOverviewSchema,
  countryProfileSchema,
  countryTrendsSchema,
  type FigureHistoryData,
  type FigureImportResultData,
  type FigureViewData,
  figureHistorySchema,
  figureImportResultSchema,
  figureListSchema,
  keepersSchema,
  type ScenarioData,
  scenarioSchema,
} from '@harbour/core';
import { api } from '../../shared/api.js';

export type {
  CountriesOverviewData,
  CountryProfileView,
  CountryTrendsData,
  FigureHistoryData,
  FigureImportResultData,
  FigureViewData,
  ScenarioData,
};

export interface WhatIfValue {
  measure: string;
  value: string;
}

const q = (params: Record<string, string | number | undefined | null>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

async function checked<T>(
  schema: { parse(x: unknown): T },
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  return schema.parse(await api<unknown>(method, `/advocacy${path}`, body));
}

export const advocacyApi = {
  keepers: () => checked(keepersSchema, 'GET', '/keepers'),
  profile: (country: string, year: number, keeper?: string, scenario?: string) =>
    checked(countryProfileSchema, 'GET', `/countries/${country}/profile?${q({ year, keeper, scenario })}`),
  whatIf: (country: string, year: number, whatIf: WhatIfValue[], keeper?: string) =>
    checked(countryProfileSchema, 'POST', `/countries/${country}/what-if`, {
      year,
      whatIf,
      ...(keeper ? { keeper } : {}),
    }),
  overview: (year: number, measure: string, keeper?: string) =>
    checked(countriesOverviewSchema, 'GET', `/countries?${q({ year, measure, keeper })}`),
  trends: (country: string, from: number, to: number, keeper?: string) =>
    checked(countryTrendsSchema, 'GET', `/countries/${country}/trends?${q({ from, to, keeper })}`),
  figures: (country: string, keeper?: string) =>
    checked(figureListSchema, 'GET', `/figures?${q({ country, keeper })}`),
  history: (id: string) => checked(figureHistorySchema, 'GET', `/figures/${id}/history`),
  saveFigure: (figure: Record<string, string>, keeper?: string) =>
    api<{ figure: FigureViewData; changed: boolean }>('PUT', `/advocacy/figures?${q({ keeper })}`, figure),
  importFigures: (csv: string, dryRun: boolean, keeper?: string) =>
    checked(figureImportResultSchema, 'POST', '/figures/import', {
      csv,
      dryRun,
      ...(keeper ? { keeper } : {}),
    }),
  scenarios: (country: string, keeper?: string) =>
    api<{ scenarios: ScenarioData[] }>('GET', `/advocacy/countries/${country}/scenarios?${q({ keeper })}`),
  saveScenario: (country: string, year: number, name: string, whatIf: WhatIfValue[], keeper?: string) =>
    checked(scenarioSchema, 'POST', `/countries/${country}/scenarios`, {
      year,
      name,
      whatIf,
      ...(keeper ? { keeper } : {}),
    }),
  deleteScenario: (id: string) => api<void>('DELETE', `/advocacy/scenarios/${id}`),
  exportUrl: (
    country: string,
    year: number,
    format: string,
    lang?: string,
    keeper?: string,
    scenario?: string,
  ) => `/api/v1/advocacy/countries/${country}/profile/export?${q({ year, format, lang, keeper, scenario })}`,
};
