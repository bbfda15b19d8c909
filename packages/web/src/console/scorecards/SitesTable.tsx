/**
 * Every site's community scorecard at a glance — latest score in its band, visits to make, actions
 * open and late — for the scorecards page and the programme dashboard.
 */

import type { Band, SiteSummary } from '@harbour/core';
import { useI18n } from '../../i18n/i18n.js';
import { Link } from '../../shared/router.js';
import './scorecards.css';

export const fmtScore = (v: number | null, locale: string) =>
  v === null ? '—' : v.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function BandChip({ score, band }: { score: number | null; band: Band | null }) {
  const { t, locale } = useI18n();
  if (score === null || band === null) return <span className="muted">—</span>;
  return (
    <span className={`band band--${band}`}>
      {fmtScore(score, locale)} · {t(`scorecards.band.${band}`)}
    </span>
  );
}

export function SitesTable({ sites }: { sites: SiteSummary[] | null }) {
  const { t, locale } = useI18n();
  if (sites === null) return <p className="loading">{t('app.loading')}</p>;
  if (sites.length === 0) return <p>{t('scorecards.noSites')}</p>;
  return (
    <table className="table scorecard-table">
      <caption>{t('scorecards.sites')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('scorecards.col.site')}</th>
          <th scope="col">{t('scorecards.col.lastVisit')}</th>
          <th scope="col">{t('scorecards.col.latest')}</th>
          <th scope="col" className="num">
            {t('scorecards.col.visits')}
          </th>
          <th scope="col" className="num">
            {t('scorecards.col.pending')}
          </th>
          <th scope="col" className="num">
            {t('scorecards.col.open')}
          </th>
          <th scope="col" className="num">
            {t('scorecards.col.late')}
          </th>
        </tr>
      </thead>
      <tbody>
        {sites.map((s) => (
          <tr key={s.site.code}>
            <td>
              <Link href={`/console/scorecards/${encodeURIComponent(s.site.code)}`}>{s.site.name}</Link>
            </td>
            <td>{s.lastVisit ? new Date(s.lastVisit).toLocaleDateString(locale) : '—'}</td>
            <td>
              <BandChip score={s.latest} band={s.band} />
            </td>
            <td className="num">{s.visits}</td>
            <td className="num">{s.pendingReviews}</td>
            <td className="num">{s.openActions}</td>
            <td className="num">{s.overdueActions > 0 ? <strong>{s.overdueActions}</strong> : 0}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
