/** DHIS2 dataValueSets JSON from a report, through the mapping; what cannot be mapped is counted, not guessed. */

import type { HarbourReport } from '@harbour/core';
import { cellKey, type Dhis2Mapping } from './dhis2-mapping.js';

export interface DataValue {
  dataElement: string;
  period: string;
  orgUnit: string;
  categoryOptionCombo?: string;
  attributeOptionCombo?: string;
  value: string;
}

export interface DataValueSet {
  dataSet?: string;
  completeDate?: string;
  dataValues: DataValue[];
}

export interface Dhis2Conversion {
  payload: DataValueSet;
  /** Values left out: not mapped, suppressed, or not numbers. */
  skipped: { indicator: string; cell: string; reason: 'unmapped' | 'suppressed' | 'no_value' }[];
}

export function reportToDataValueSet(report: HarbourReport, mapping: Dhis2Mapping): Dhis2Conversion {
  if (report.period.id.includes('/')) {
    throw new Error('DHIS2 needs a DHIS2 period id (e.g. 2026Q1), not a date range');
  }
  const dataValues: DataValue[] = [];
  const skipped: Dhis2Conversion['skipped'] = [];
  for (const v of report.values) {
    const de = mapping.dataElements[v.indicator];
    const cell = cellKey(v.disaggregation);
    if (!de) continue;
    const coc = de.categoryOptionCombos[cell];
    if (cell && !coc) {
      skipped.push({ indicator: v.indicator, cell, reason: 'unmapped' });
      continue;
    }
    if (typeof v.value === 'string' && v.value.startsWith('<')) {
      skipped.push({ indicator: v.indicator, cell, reason: 'suppressed' });
      continue;
    }
    if (typeof v.value !== 'number') {
      skipped.push({ indicator: v.indicator, cell, reason: 'no_value' });
      continue;
    }
    const unit = v.disaggregation.orgUnit ?? report.orgUnit;
    dataValues.push({
      dataElement: de.dataElement,
      period: report.period.id,
      orgUnit: mapping.orgUnits[unit] ?? unit,
      ...(coc ? { categoryOptionCombo: coc } : {}),
      ...(mapping.attributeOptionCombo ? { attributeOptionCombo: mapping.attributeOptionCombo } : {}),
      value: String(v.value),
    });
  }
  return { payload: { ...(mapping.dataSet ? { dataSet: mapping.dataSet } : {}), dataValues }, skipped };
}
