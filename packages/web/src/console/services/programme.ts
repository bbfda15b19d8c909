/** The programme's catalogue and UIC questions for the chosen site, fetched once per site. */

import { useEffect, useState } from 'react';
import { get } from '../../shared/api.js';

export interface CatalogueItemView {
  code: string;
  kind: string;
  label: string;
  results?: string[];
  maxQuantity?: number;
  stocked?: boolean;
}

export interface Programme {
  uicScheme: { id: string; questions: string[] };
  aliasEnabled: boolean;
  referralFollowUpDays: number;
  catalogue: CatalogueItemView[];
  sexes: string[];
  keyPopulations: string[];
}

const cache = new Map<string, Promise<Programme>>();

export function useProgramme(siteCode: string | undefined): Programme | null {
  const [p, setP] = useState<Programme | null>(null);
  useEffect(() => {
    if (!siteCode) return;
    let promise = cache.get(siteCode);
    if (!promise) {
      promise = get(`/programme?siteCode=${encodeURIComponent(siteCode)}`);
      cache.set(siteCode, promise);
    }
    void promise.then(setP).catch(() => cache.delete(siteCode));
  }, [siteCode]);
  return p;
}

export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
