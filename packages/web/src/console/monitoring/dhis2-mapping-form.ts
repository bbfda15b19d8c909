/**
 * The pure half of the DHIS2 mapping form: which cells a breakdown sends (so the form can ask for a
 * category option combo for each), and suggestions matched by name from a DHIS2 data set — the
 * officer checks them; nothing is guessed silently.
 */

import {
  AGE_BANDS,
  DIMENSION_VALUE_NAMES,
  type Dimension,
  KEY_POPULATIONS,
  parseDimensions,
  SEX_CATEGORIES,
} from '@harbour/core';

export interface Dhis2DataSet {
  id: string;
  name: string;
  dataElements: { id: string; name: string; categoryOptionCombos: { id: string; name: string }[] }[];
  orgUnits: { id: string; name: string; code: string | null }[];
}

export interface Dhis2MappingDraft {
  dataSet?: string;
  orgUnits: Record<string, string>;
  dataElements: Record<string, { dataElement: string; categoryOptionCombos: Record<string, string> }>;
  categories?: Record<string, unknown>;
  attributeOptionCombo?: string;
}

const valuesOf = (d: Dimension): readonly string[] =>
  d.key === 'sex'
    ? SEX_CATEGORIES
    : d.key === 'age'
      ? AGE_BANDS[d.set]
      : d.key === 'kp'
        ? [...KEY_POPULATIONS, 'unknown']
        : [];

/**
 * The cell keys a report with this breakdown produces, as the mapping names them (server
 * dhis2-mapping.ts cellKey: sex, age, kp in that order; "" is the total). Org unit levels are not
 * cells: each unit is sent under its own DHIS2 org unit.
 */
export function cellKeys(disaggregate: string): string[] {
  const parsed = parseDimensions(disaggregate);
  if (!parsed.ok) return [''];
  const order = ['sex', 'age', 'kp'];
  const dims = parsed.dims
    .filter((d) => d.key !== 'orgUnit')
    .sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  if (dims.length === 0) return [''];
  let combos: string[][] = [[]];
  for (const d of dims) combos = combos.flatMap((c) => valuesOf(d).map((v) => [...c, `${d.key}=${v}`]));
  return ['', ...combos.map((c) => c.join('|'))];
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/\s*(years?|yrs?|y)$/, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Words a DHIS2 category option may use for a Harbour value: its code and its English name. */
function wordsFor(key: string, value: string): string[] {
  const named = DIMENSION_VALUE_NAMES[key]?.[value];
  return [value, ...(named ? [named] : [])].map(norm);
}

/**
 * The category option combo whose name is exactly this cell's values ("Female, 20-24" for
 * sex=female|age=20-24; "default" for the total), in any order; null when none or several match.
 */
export function suggestCombo(cell: string, combos: readonly { id: string; name: string }[]): string | null {
  if (cell === '')
    return combos.find((c) => norm(c.name) === 'default')?.id ?? (combos.length === 1 ? combos[0]!.id : null);
  const parts = cell.split('|').map((p) => p.split('=') as [string, string]);
  const hits = combos.filter((c) => {
    const options = c.name.split(',').map(norm);
    return (
      options.length === parts.length &&
      parts.every(([k, v]) => options.some((o) => wordsFor(k, v).includes(o)))
    );
  });
  return hits.length === 1 ? hits[0]!.id : null;
}

/** The DHIS2 org unit with this unit's code, or else its name; null when none or several. */
export function suggestOrgUnit(
  unit: { code: string; name: string },
  candidates: readonly { id: string; name: string; code: string | null }[],
): string | null {
  const byCode = candidates.filter(
    (c) => c.code !== null && c.code.toLowerCase() === unit.code.toLowerCase(),
  );
  if (byCode.length === 1) return byCode[0]!.id;
  const byName = candidates.filter((c) => norm(c.name) === norm(unit.name));
  return byName.length === 1 ? byName[0]!.id : null;
}
