/** The small-grants calls that report to a project: applications, awards, money awarded and paid, grants' status. */

import { inLanguage, type ProjectGrants } from '@harbour/core';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { get } from '../../shared/api.js';

export function ProjectGrantsView({ code }: { code: string }) {
  const { t, locale } = useI18n();
  const [calls, setCalls] = useState<ProjectGrants['calls']>([]);
  useEffect(() => {
    get(`/projects/${encodeURIComponent(code)}/grants`)
      .then((r) => setCalls(r.calls))
      .catch(() => setCalls([]));
  }, [code]);
  if (calls.length === 0) return null;
  const money = (v: string, currency: string) =>
    `${Number(v).toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
  return (
    <table className="table table--numbers">
      <caption>{t('projects.grants')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('projects.grants.call')}</th>
          <th scope="col">{t('projects.grants.applications')}</th>
          <th scope="col">{t('projects.grants.awarded')}</th>
          <th scope="col">{t('projects.grants.awardedAmount')}</th>
          <th scope="col">{t('projects.grants.paid')}</th>
          <th scope="col">{t('projects.grants.status')}</th>
        </tr>
      </thead>
      <tbody>
        {calls.map((c) => (
          <tr key={c.id}>
            <th scope="row">
              {inLanguage(c.title, locale)} <span className="muted">· {t(`grants.phase.${c.phase}`)}</span>
            </th>
            <td>{c.applications}</td>
            <td>{c.awarded}</td>
            <td>{money(c.awardedAmount, c.currency)}</td>
            <td>{money(c.paidAmount, c.currency)}</td>
            <td>
              {Object.entries(c.byStatus)
                .map(([s, n]) => `${t(`grants.status.${s}`)}: ${n}`)
                .join(', ') || '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
