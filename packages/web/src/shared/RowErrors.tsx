/** The rows a file upload refused, one line per problem: the row, the column, the value and what is wrong. */

import type { Rule } from '@harbour/core';
import { useI18n } from '../i18n/i18n.js';
import { localiseField } from './errors.js';

export interface RowError {
  row: number;
  column: string;
  value: string;
  /** Named where the server names it (country figures): the problem is then said in the user's language. */
  rule?: Rule;
  message: string;
}

export function RowErrorsTable({ caption, errors }: { caption: string; errors: readonly RowError[] }) {
  const { t } = useI18n();
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('import.row')}</th>
          <th scope="col">{t('import.column')}</th>
          <th scope="col">{t('import.value')}</th>
          <th scope="col">{t('import.problem')}</th>
        </tr>
      </thead>
      <tbody>
        {errors.map((e) => (
          <tr key={`${e.row}-${e.column}-${e.message}`}>
            <td>{e.row}</td>
            <td>{e.column}</td>
            <td>{e.value}</td>
            <td>
              {e.rule
                ? localiseField(t, { field: e.column, value: e.value, rule: e.rule, message: e.message })
                : e.message}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
