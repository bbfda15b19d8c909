/** Duplicate review: two records side by side; merge into the one to keep, or say they are different people. */

import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Notice, PageTitle } from '../../shared/ui.js';

interface Side {
  id: string;
  ref: string;
  sex: string;
  birthYear: number | null;
  kp: string | null;
  enrolSite: string;
  firstContactDate: string | null;
  lastContactDate: string | null;
  contacts: number;
}

interface Pair {
  id: string;
  reason: string;
  a: Side;
  b: Side;
}

export function DuplicatesPage() {
  const { t } = useI18n();
  const [pairs, setPairs] = useState<Pair[]>([]);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string; undo?: string } | null>(null);
  const load = useCallback(async () => setPairs(await get('/duplicates')), []);
  useEffect(() => {
    void load();
  }, [load]);
  const act = async (fn: () => Promise<unknown>, text: string, undo?: string) => {
    try {
      await fn();
      setNotice({ kind: 'ok', text, ...(undo ? { undo } : {}) });
      await load();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };
  const merge = async (p: Pair, keep: Side) => {
    try {
      const r = await post(`/duplicates/${p.id}/merge`, { survivorId: keep.id });
      setNotice({ kind: 'ok', text: t('duplicates.merged', { ref: keep.ref }), undo: r.mergeId });
      await load();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };
  return (
    <section>
      <PageTitle>{t('duplicates.title')}</PageTitle>
      <p>{t('duplicates.intro')}</p>
      {notice && (
        <Notice kind={notice.kind}>
          {notice.text}{' '}
          {notice.undo && (
            <button
              type="button"
              className="link"
              onClick={() => void act(() => post(`/merges/${notice.undo}/undo`), t('duplicates.undone'))}
            >
              {t('duplicates.undo')}
            </button>
          )}
        </Notice>
      )}
      <p role="status">{t('duplicates.count', { n: pairs.length })}</p>
      {pairs.map((p) => (
        <article
          key={p.id}
          className="panel pair"
          aria-label={t('duplicates.pairLabel', { a: p.a.ref, b: p.b.ref })}
        >
          <p className="field__hint">{t('duplicates.reason', { position: p.reason.replace('char:', '') })}</p>
          <table className="data">
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">{p.a.ref}</th>
                <th scope="col">{p.b.ref}</th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  [t('clients.sex'), (s: Side) => t(`sex.${s.sex}`)],
                  [t('clients.birthYear'), (s: Side) => s.birthYear ?? '—'],
                  [t('clients.kp'), (s: Side) => (s.kp ? t(`kp.${s.kp}`) : '—')],
                  [t('clients.enrolledAt'), (s: Side) => s.enrolSite],
                  [t('duplicates.firstSeen'), (s: Side) => s.firstContactDate ?? '—'],
                  [t('clients.lastSeen'), (s: Side) => s.lastContactDate ?? '—'],
                  [t('duplicates.contacts'), (s: Side) => s.contacts],
                ] as [string, (s: Side) => string | number][]
              ).map(([label, f]) => (
                <tr key={label} className={String(f(p.a)) !== String(f(p.b)) ? 'differs' : undefined}>
                  <th scope="row">{label}</th>
                  <td>{f(p.a)}</td>
                  <td>{f(p.b)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void merge(p, p.a)}>
              {t('duplicates.keep', { ref: p.a.ref })}
            </button>
            <button type="button" className="primary" onClick={() => void merge(p, p.b)}>
              {t('duplicates.keep', { ref: p.b.ref })}
            </button>
            <button
              type="button"
              onClick={() =>
                void act(() => post(`/duplicates/${p.id}/distinct`), t('duplicates.markedDistinct'))
              }
            >
              {t('duplicates.distinct')}
            </button>
          </div>
        </article>
      ))}
    </section>
  );
}
