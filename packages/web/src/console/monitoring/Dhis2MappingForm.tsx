/**
 * The DHIS2 mapping as a form: load the data set from the organisation's DHIS2, then pick for each
 * indicator its data element, for each cell its category option combo, and for each Harbour unit its
 * DHIS2 org unit — from DHIS2's own lists, with name matches suggested for the officer to check.
 * Without a loaded data set the same form takes typed ids; the JSON stays one click away.
 */

import { INDICATOR_IDS } from '@harbour/core';
import { useEffect, useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import {
  cellKeys,
  type Dhis2DataSet,
  type Dhis2MappingDraft,
  suggestCombo,
  suggestOrgUnit,
} from './dhis2-mapping-form.js';
import { reportQuery } from './monitoring.js';
import { useValueName } from './ReportTables.js';

interface Props {
  org: string;
  units: { code: string; name: string }[];
  mapping: Dhis2MappingDraft;
  onChange: (m: Dhis2MappingDraft) => void;
  disaggregate: string;
  canLoad: boolean;
}

/** A choice from DHIS2's list when loaded (keeping an id that is not in it), a typed id otherwise. */
function Pick({
  label,
  value,
  options,
  onChange,
  empty,
}: {
  label: string;
  value: string;
  options: { id: string; name: string }[] | null;
  onChange: (v: string) => void;
  /** What no choice means, in words. */
  empty: string;
}) {
  const { t } = useI18n();
  if (!options)
    return (
      <input
        aria-label={label}
        className="code"
        value={value}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value.trim())}
      />
    );
  const known = value === '' || options.some((o) => o.id === value);
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{empty}</option>
      {!known && <option value={value}>{t('dhis2.form.notInDataSet', { id: value })}</option>}
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name} ({o.id})
        </option>
      ))}
    </select>
  );
}

export function Dhis2MappingForm({ org, units, mapping, onChange, disaggregate, canLoad }: Props) {
  const { t } = useI18n();
  const id = useId();
  const name = useValueName(units);
  const [dataSet, setDataSet] = useState<Dhis2DataSet | null>(null);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [matched, setMatched] = useState<number | null>(null);
  // A different organisation has its own DHIS2 and data set.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the organisation changes
  useEffect(() => {
    setDataSet(null);
    setProblem(null);
    setMatched(null);
  }, [org]);

  const cells = cellKeys(disaggregate);
  const elements = dataSet?.dataElements ?? null;
  const combosOf = (element: string) =>
    elements ? (elements.find((e) => e.id === element)?.categoryOptionCombos ?? []) : null;
  const cellLabel = (cell: string) =>
    cell === ''
      ? t('dhis2.form.totalCell')
      : cell
          .split('|')
          .map((p) => {
            const [k, v] = p.split('=') as [string, string];
            return name(k, v);
          })
          .join(' · ');

  const load = async () => {
    setLoading(true);
    setProblem(null);
    setMatched(null);
    try {
      const ds = await get(
        `/dhis2/data-set?${reportQuery({ orgUnit: org, dataSet: mapping.dataSet ?? '' })}`,
      );
      setDataSet(ds);
    } catch (err) {
      setDataSet(null);
      setProblem(err instanceof ApiError ? localiseProblem(t, err) : t('app.serverUnreachable'));
    } finally {
      setLoading(false);
    }
  };

  /** Fills what is empty with the one DHIS2 item whose name or code matches; never overwrites a choice. */
  const matchByName = () => {
    if (!dataSet) return;
    let n = 0;
    const next: Dhis2MappingDraft = {
      ...mapping,
      orgUnits: { ...mapping.orgUnits },
      dataElements: { ...mapping.dataElements },
    };
    for (const u of units) {
      if (next.orgUnits[u.code]) continue;
      const hit = suggestOrgUnit(u, dataSet.orgUnits);
      if (hit) {
        next.orgUnits[u.code] = hit;
        n++;
      }
    }
    for (const [indicator, m] of Object.entries(next.dataElements)) {
      const combos = combosOf(m.dataElement) ?? [];
      const chosen = { ...m.categoryOptionCombos };
      for (const cell of cells) {
        if (chosen[cell]) continue;
        const hit = suggestCombo(cell, combos);
        if (hit) {
          chosen[cell] = hit;
          n++;
        }
      }
      next.dataElements[indicator] = { ...m, categoryOptionCombos: chosen };
    }
    onChange(next);
    setMatched(n);
  };

  const setElement = (indicator: string, element: string) => {
    const rest = { ...mapping.dataElements };
    if (element === '') delete rest[indicator];
    else
      rest[indicator] = {
        dataElement: element,
        categoryOptionCombos:
          rest[indicator]?.dataElement === element ? rest[indicator].categoryOptionCombos : {},
      };
    onChange({ ...mapping, dataElements: rest });
  };
  const setCombo = (indicator: string, cell: string, combo: string) => {
    const m = mapping.dataElements[indicator]!;
    const chosen = { ...m.categoryOptionCombos };
    if (combo === '') delete chosen[cell];
    else chosen[cell] = combo;
    onChange({
      ...mapping,
      dataElements: { ...mapping.dataElements, [indicator]: { ...m, categoryOptionCombos: chosen } },
    });
  };
  const setUnit = (code: string, target: string) => {
    const rest = { ...mapping.orgUnits };
    if (target === '') delete rest[code];
    else rest[code] = target;
    onChange({ ...mapping, orgUnits: rest });
  };

  return (
    <div className="dhis2-form">
      <div className="field field--inline">
        <label htmlFor={`${id}-ds`}>{t('dhis2.form.dataSet')}</label>
        <input
          id={`${id}-ds`}
          className="code"
          value={mapping.dataSet ?? ''}
          spellCheck={false}
          aria-describedby={`${id}-ds-hint`}
          onChange={(e) => onChange({ ...mapping, dataSet: e.target.value.trim() || undefined })}
        />
        <button type="button" disabled={!canLoad || !mapping.dataSet || loading} onClick={() => void load()}>
          {t('dhis2.form.load')}
        </button>
      </div>
      <p className="field__hint" id={`${id}-ds-hint`}>
        {canLoad ? t('dhis2.form.dataSetHint') : t('dhis2.form.serverFirst')}
      </p>
      <div aria-live="polite">
        {loading && <p role="status">{t('dhis2.sending')}</p>}
        {problem && (
          <p className="field__error" role="alert">
            {problem}
          </p>
        )}
        {dataSet && (
          <div className="notice notice--ok">
            {t('dhis2.form.loaded', {
              name: dataSet.name,
              elements: dataSet.dataElements.length,
              units: dataSet.orgUnits.length,
            })}{' '}
            <button type="button" onClick={matchByName}>
              {t('dhis2.form.match')}
            </button>
            {matched !== null && <> {t('dhis2.form.matched', { n: matched })}</>}
          </div>
        )}
      </div>

      <table className="table dhis2-map">
        <caption>{t('dhis2.form.indicators')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reports.indicator')}</th>
            <th scope="col">{t('dhis2.form.dataElement')}</th>
            <th scope="col">{t('dhis2.form.combos')}</th>
          </tr>
        </thead>
        <tbody>
          {INDICATOR_IDS.map((indicator) => {
            const m = mapping.dataElements[indicator];
            const label = t(`indicator.${indicator}`);
            const set = m ? cells.filter((c) => m.categoryOptionCombos[c]).length : 0;
            return (
              <tr key={indicator}>
                <th scope="row">{label}</th>
                <td>
                  <Pick
                    label={t('dhis2.form.elementFor', { indicator: label })}
                    value={m?.dataElement ?? ''}
                    options={elements}
                    empty={t('dhis2.form.notSent')}
                    onChange={(v) => setElement(indicator, v)}
                  />
                </td>
                <td>
                  {m && (
                    <details>
                      <summary>{t('dhis2.form.cellsSet', { set, n: cells.length })}</summary>
                      <table className="table">
                        <tbody>
                          {cells.map((cell) => (
                            <tr key={cell}>
                              <th scope="row">{cellLabel(cell)}</th>
                              <td>
                                <Pick
                                  label={t('dhis2.form.comboFor', {
                                    indicator: label,
                                    cell: cellLabel(cell),
                                  })}
                                  value={m.categoryOptionCombos[cell] ?? ''}
                                  options={combosOf(m.dataElement)}
                                  empty={t('dhis2.form.notSent')}
                                  onChange={(v) => setCombo(indicator, cell, v)}
                                />
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </details>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <table className="table dhis2-map">
        <caption>{t('dhis2.form.orgUnits')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('monitoring.orgUnit')}</th>
            <th scope="col">{t('dhis2.form.dhis2OrgUnit')}</th>
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u.code}>
              <th scope="row">
                {u.name} <span className="muted">({u.code})</span>
              </th>
              <td>
                <Pick
                  label={t('dhis2.form.unitFor', { unit: u.name })}
                  value={mapping.orgUnits[u.code] ?? ''}
                  options={dataSet?.orgUnits ?? null}
                  empty={t('dhis2.form.sameCode', { code: u.code })}
                  onChange={(v) => setUnit(u.code, v)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
