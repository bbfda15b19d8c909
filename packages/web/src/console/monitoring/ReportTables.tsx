/**
 * A report as people read it: values in words (never `trans_woman`), a real cross-tab with totals when
 * two dimensions are chosen, and the derived "transgender" row set apart from the rows it adds up.
 */

import { crossTab } from '@harbour/core';
import { useI18n } from '../../i18n/i18n.js';
import { formatValue, type ReportValue } from './monitoring.js';

export type ValueName = (dim: string, value: string) => string;

/** Names of disaggregation values in the user's language; org units by name. */
export function useValueName(units: { code: string; name: string }[]): ValueName {
  const { t } = useI18n();
  return (dim, value) => {
    if (dim === 'sex' || dim === 'kp') return t(`${dim}.${value}`);
    if (dim === 'age') return value === 'unknown' ? t('reports.ageUnknown') : value;
    if (dim === 'orgUnit') return units.find((u) => u.code === value)?.name ?? value;
    if (dim === 'indicator') return t(`indicator.${value}`);
    return value;
  };
}

export function CrossTable({
  values,
  indicator,
  dims,
  name,
}: {
  values: ReportValue[];
  indicator: string;
  dims: [string, string];
  name: ValueName;
}) {
  const { t, locale } = useI18n();
  const tab = crossTab(values, indicator, dims);
  const show = (v: ReportValue['value']) => formatValue(v, indicator, locale);
  const title = t('reports.crossTitle', {
    indicator: t(`indicator.${indicator}`),
    rows: t(`reports.dim.${tab.rowDim}`),
    columns: t(`reports.dim.${tab.colDim}`),
  });
  return (
    <div className="cross-tab">
      <table className="table table--numbers table--cross">
        <caption>{title}</caption>
        <thead>
          <tr>
            <td />
            {tab.columns.map((c) => (
              <th scope="col" key={c}>
                {name(tab.colDim, c)}
              </th>
            ))}
            <th scope="col" className="margin">
              {t('reports.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {tab.rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{name(tab.rowDim, r.key)}</th>
              {r.cells.map((v, i) => (
                <td key={tab.columns[i]}>{show(v)}</td>
              ))}
              <td className="margin">{show(r.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="margin">
            <th scope="row">{t('reports.total')}</th>
            {tab.columnTotals.map((v, i) => (
              <td key={tab.columns[i]}>{show(v)}</td>
            ))}
            <td>{show(tab.grand)}</td>
          </tr>
          {tab.derived.map((r) => (
            <tr key={r.key} className="derived">
              <th scope="row">{name(tab.rowDim, r.key)}</th>
              {r.cells.map((v, i) => (
                <td key={tab.columns[i]}>{show(v)}</td>
              ))}
              <td>{show(r.total)}</td>
            </tr>
          ))}
        </tfoot>
      </table>
      <p className="note">
        {t('reports.marginNote')} {tab.derived.length > 0 && t('reports.derivedNote')}
      </p>
    </div>
  );
}

/** Every value, one row each; derived rows marked. */
export function FlatTable({ rows, dims, name }: { rows: ReportValue[]; dims: string[]; name: ValueName }) {
  const { t, locale } = useI18n();
  return (
    <table className="table table--numbers">
      <caption className="visually-hidden">{t('reports.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reports.indicator')}</th>
          {dims.map((d) => (
            <th scope="col" key={d}>
              {t(`reports.dim.${d}`)}
            </th>
          ))}
          <th scope="col">{t('reports.value')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((v) => (
          <tr
            key={`${v.indicator}|${JSON.stringify(v.disaggregation)}`}
            className={v.disaggregation.sex === 'transgender' ? 'derived' : undefined}
          >
            <th scope="row">{t(`indicator.${v.indicator}`)}</th>
            {dims.map((d) => (
              <td key={d}>
                {v.disaggregation[d] === undefined ? t('reports.all') : name(d, v.disaggregation[d])}
              </td>
            ))}
            <td>{formatValue(v.value, v.indicator, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
