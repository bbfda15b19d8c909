/**
 * How Harbour's indicators and disaggregations land in a DHIS2 instance: data element and category
 * option combo per indicator and cell, org unit and period mapping, and ADX category codes.
 */

import { INDICATOR_IDS, InputError, validatorRule } from '@harbour/core';
import { z } from 'zod';

export const dhis2Mapping = z
  .object({
    /** DHIS2 data set id (uid or code) — ADX groups name it. */
    dataSet: z.string().max(100).optional(),
    /** Harbour org unit code → DHIS2 org unit id; unmapped units keep their Harbour code. */
    orgUnits: z.record(z.string().max(50), z.string().max(100)).default({}),
    /** Indicator id → data element, and cell key (e.g. "sex=female|age=20-24", "" for the total) → category option combo. */
    dataElements: z
      .record(
        z.string(),
        z
          .object({
            dataElement: z.string().min(1).max(100),
            categoryOptionCombos: z.record(z.string().max(300), z.string().max(100)).default({}),
          })
          .strict(),
      )
      .default({}),
    /** For ADX: DHIS2 category code and option codes of each disaggregation key. */
    categories: z
      .partialRecord(
        z.enum(['sex', 'age', 'kp']),
        z
          .object({ code: z.string().min(1).max(50), options: z.record(z.string(), z.string().max(50)) })
          .strict(),
      )
      .default({}),
    attributeOptionCombo: z.string().max(100).optional(),
  })
  .strict();

export type Dhis2Mapping = z.infer<typeof dhis2Mapping>;

export function checkMapping(raw: unknown): Dhis2Mapping {
  const parsed = dhis2Mapping.safeParse(raw);
  if (!parsed.success)
    throw new InputError(
      parsed.error.issues.map((i) => ({
        field: `mapping.${i.path.join('.')}`,
        rule: validatorRule(i.code),
        message: i.message,
      })),
    );
  const unknown = Object.keys(parsed.data.dataElements).filter((id) => !INDICATOR_IDS.includes(id));
  if (unknown.length)
    throw new InputError({
      field: 'mapping.dataElements',
      value: unknown.join(', '),
      rule: 'enum',
      message: `Not Harbour indicator ids: ${unknown.join(', ')}`,
    });
  return parsed.data;
}

/** The key of a cell: its disaggregation as key=value pairs in a fixed order; "" for the total. */
export function cellKey(disaggregation: Record<string, string>): string {
  return ['orgUnit', 'sex', 'age', 'kp']
    .filter((k) => k in disaggregation && k !== 'orgUnit')
    .map((k) => `${k}=${disaggregation[k]}`)
    .join('|');
}
