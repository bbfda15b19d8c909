/** ADX XML (IHE QRPH Aggregate Data Exchange) from a report, through the mapping, checked against the ADX schema. */

import { daysBetween, type HarbourReport, type Period } from '@harbour/core';
import { create } from 'xmlbuilder2';
import { ADX_SCHEMA } from './adx-schema.js';
import type { Dhis2Mapping } from './dhis2-mapping.js';

const ADX_NS = 'urn:ihe:qrph:adx:2015';

/** ISO 8601 start and duration, as ADX writes periods: 2026Q1 → 2026-01-01/P3M. */
export function adxPeriod(p: Pick<Period, 'type' | 'start' | 'end'>): string {
  const duration: Partial<Record<Period['type'], string>> = {
    day: 'P1D',
    week: 'P7D',
    month: 'P1M',
    quarter: 'P3M',
    sixmonth: 'P6M',
    year: 'P1Y',
    financial_april: 'P1Y',
    financial_july: 'P1Y',
    financial_oct: 'P1Y',
  };
  return `${p.start}/${duration[p.type] ?? `P${daysBetween(p.start, p.end) + 1}D`}`;
}

export interface AdxConversion {
  xml: string;
  values: number;
  skipped: number;
}

export function reportToAdx(
  report: HarbourReport,
  period: Pick<Period, 'type' | 'start' | 'end'>,
  mapping: Dhis2Mapping,
): AdxConversion {
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(ADX_NS, 'adx', {
    exported: report.generatedAt,
  });
  const groups = new Map<string, ReturnType<typeof doc.ele>>();
  let values = 0;
  let skipped = 0;
  for (const v of report.values) {
    const de = mapping.dataElements[v.indicator];
    if (!de || typeof v.value !== 'number') {
      if (de) skipped++;
      continue;
    }
    const attrs: Record<string, string> = {};
    let mapped = true;
    for (const [k, val] of Object.entries(v.disaggregation)) {
      if (k === 'orgUnit') continue;
      const cat = mapping.categories[k as 'sex' | 'age' | 'kp'];
      const option = cat?.options[val];
      if (!cat || !option) mapped = false;
      else attrs[cat.code] = option;
    }
    if (!mapped) {
      skipped++;
      continue;
    }
    const unitCode = v.disaggregation.orgUnit ?? report.orgUnit;
    const unit = mapping.orgUnits[unitCode] ?? unitCode;
    let group = groups.get(unit);
    if (!group) {
      group = doc.ele('group', {
        orgUnit: unit,
        period: adxPeriod(period),
        ...(mapping.dataSet ? { dataSet: mapping.dataSet } : {}),
      });
      groups.set(unit, group);
    }
    group.ele('dataValue', { dataElement: de.dataElement, ...attrs, value: String(v.value) });
    values++;
  }
  return { xml: doc.end({ prettyPrint: true }), values, skipped };
}

const SCHEMA = ADX_SCHEMA;

/** Validates ADX against the schema with libxml2 (compiled to WebAssembly: nothing native to install). */
export async function validateAdx(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  // Loaded on first use: the WebAssembly libxml2 is large and only exports need it.
  const { validateXML } = await import('xmllint-wasm');
  const result = await validateXML({
    xml: [{ fileName: 'report.adx.xml', contents: xml }],
    schema: [{ fileName: 'adx.xsd', contents: SCHEMA }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}
