/** The audit log: who did what, when, to which record — filtered and paged. Values are never shown because they are never logged. */

import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { type Translate, useI18n } from '../../i18n/i18n.js';
import { ApiError, get } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Field, Notice, PageTitle } from '../../shared/ui.js';

interface Entry {
  chain: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  details: Record<string, unknown>;
}

const PAGE = 50;

export function AuditPage() {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState({ action: '', actor: '', from: '', to: '' });
  const [applied, setApplied] = useState(filters);
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState<{ total: number; entries: Entry[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    const q = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    for (const [k, v] of Object.entries(applied)) if (v) q.set(k, v);
    try {
      setData(await get(`/audit?${q.toString()}`));
      setProblem(null);
    } catch (err) {
      setProblem(err instanceof ApiError ? localiseProblem(t, err) : String(err));
    }
  }, [applied, offset, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setApplied(filters);
  };
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });

  return (
    <section>
      <PageTitle>{t('audit.title')}</PageTitle>
      <form className="filters" onSubmit={submit} aria-label={t('audit.filters')}>
        <Field
          label={t('audit.action')}
          value={filters.action}
          placeholder="user."
          onChange={(e) => setFilters({ ...filters, action: e.target.value })}
        />
        <Field
          label={t('audit.actor')}
          value={filters.actor}
          onChange={(e) => setFilters({ ...filters, actor: e.target.value })}
        />
        <Field
          label={t('audit.from')}
          type="date"
          value={filters.from}
          onChange={(e) => setFilters({ ...filters, from: e.target.value })}
        />
        <Field
          label={t('audit.to')}
          type="date"
          value={filters.to}
          onChange={(e) => setFilters({ ...filters, to: e.target.value })}
        />
        <button type="submit">{t('audit.apply')}</button>
      </form>
      {problem && <Notice kind="error">{problem}</Notice>}
      {data && (
        <>
          <p role="status">{t('audit.count', { total: data.total })}</p>
          <table className="data">
            <caption className="visually-hidden">{t('audit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.actionColumn')}</th>
                <th scope="col">{t('audit.record')}</th>
                <th scope="col">{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={`${e.chain}-${e.seq}`}>
                  <td>
                    <time dateTime={e.at}>{fmt.format(new Date(e.at))}</time>
                  </td>
                  <td>{e.actor}</td>
                  <td>
                    {auditLabel(t, e.action)} <code className="muted">{e.action}</code>
                  </td>
                  <td>{e.entityType}</td>
                  <td className="details">
                    {Object.entries(e.details)
                      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="pager" aria-label={t('audit.pages')}>
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              {t('common.previous')}
            </button>
            <span>
              {t('audit.range', {
                from: data.total ? offset + 1 : 0,
                to: Math.min(offset + PAGE, data.total),
                total: data.total,
              })}
            </span>
            <button
              type="button"
              disabled={offset + PAGE >= data.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              {t('common.next')}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

/**
 * An action code in words: what it is about, then what happened ("Contact: corrected"). Codes
 * without words yet read as themselves with spaces, never as a bare key.
 */
export function auditLabel(t: Translate, action: string): string {
  const [entity = '', verb = ''] = action.split('.');
  const word = (kind: 'auditEntity' | 'auditVerb', code: string) => {
    const key = `${kind}.${code}`;
    const said = t(key);
    return said === key ? code.replace(/_/g, ' ') : said;
  };
  return `${word('auditEntity', entity)}: ${word('auditVerb', verb)}`;
}
