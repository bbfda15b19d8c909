/**
 * A community expert's reviews: the applications assigned to them; each opens only after they say
 * whether they have a conflict of interest; then the application (never the group's contact), its
 * files, and a score for each criterion with comments. Other reviewers' scores appear once theirs is in.
 */

import { inLanguage, type ReviewAssignment, type ReviewDetail } from '@harbour/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { download, get, post } from '../../shared/api.js';
import type { BodyAt } from '../../shared/contract.js';
import { fieldErrors } from '../../shared/errors.js';
import { Choices, Field, Notice, PageTitle } from '../../shared/ui.js';
import { useNotice } from '../../shared/use-notice.js';
import './grants.css';

export default function ReviewsPage() {
  const { t, locale } = useI18n();
  const [list, setList] = useState<ReviewAssignment[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const { notice, setNotice, fail } = useNotice();
  const load = useCallback(() => {
    get('/grants/reviews')
      .then((r) => setList(r.reviews))
      .catch(fail);
  }, [fail]);
  useEffect(load, [load]);
  return (
    <section>
      <PageTitle>{t('reviews.title')}</PageTitle>
      <p>{t('reviews.intro')}</p>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {list === null ? (
        <p className="loading">{t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('reviews.none')}</p>
      ) : (
        <table className="table">
          <caption>{t('reviews.assigned')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reviews.col.application')}</th>
              <th scope="col">{t('reviews.col.call')}</th>
              <th scope="col">{t('reviews.col.by')}</th>
              <th scope="col">{t('reviews.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.applicationId} aria-current={open === r.applicationId ? 'true' : undefined}>
                <td>
                  {r.state === 'conflict' ? (
                    r.ref
                  ) : (
                    <button type="button" className="link" onClick={() => setOpen(r.applicationId)}>
                      {t('reviews.open', { ref: r.ref })}
                    </button>
                  )}
                </td>
                <td>{inLanguage(r.callTitle, locale)}</td>
                <td>{new Date(r.decisionBy).toLocaleDateString(locale)}</td>
                <td>{t(`grants.reviewState.${r.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && (
        <Review
          key={open}
          id={open}
          fail={fail}
          onChanged={(text) => {
            setNotice({ kind: 'ok', text });
            load();
          }}
        />
      )}
    </section>
  );
}

function Review({
  id,
  fail,
  onChanged,
}: {
  id: string;
  fail: (e: unknown) => void;
  onChanged: (text: string) => void;
}) {
  const { t, locale } = useI18n();
  const [r, setR] = useState<ReviewDetail | null>(null);
  const [conflict, setConflict] = useState<'no' | 'yes'>('no');
  const [why, setWhy] = useState('');
  const [scores, setScores] = useState<Record<string, string>>({});
  const [comments, setComments] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    get(`/grants/reviews/${id}`)
      .then((x) => {
        setR(x);
        if (x.scores) setScores(Object.fromEntries(Object.entries(x.scores).map(([k, v]) => [k, String(v)])));
        if (x.comments) setComments(x.comments);
      })
      .catch(fail);
  }, [id, fail]);
  if (!r) return <p className="loading">{t('app.loading')}</p>;
  const w = (x: Partial<Record<string, string>>) => inLanguage(x, locale);
  const act =
    (
      path: '' | '/conflict',
      body: BodyAt<'post', `/grants/reviews/${string}${'' | '/conflict'}`>,
      done: string,
    ) =>
    async (e: FormEvent) => {
      e.preventDefault();
      setErrors({});
      try {
        setR(await post(`/grants/reviews/${id}${path}`, body));
        onChanged(done);
      } catch (err) {
        setErrors(fieldErrors(t, err));
        fail(err);
      }
    };
  const state = r.assignment.state;
  return (
    <section className="panel" aria-labelledby="review-title">
      <h2 id="review-title">{t('reviews.reviewOf', { ref: r.assignment.ref })}</h2>
      {state === 'assigned' && (
        <form
          onSubmit={act('/conflict', { conflict: conflict === 'yes', reason: why }, t('reviews.declared'))}
        >
          <Choices
            legend={t('reviews.conflictQuestion')}
            name="conflict"
            value={conflict}
            options={[
              { value: 'no', label: t('reviews.noConflict') },
              { value: 'yes', label: t('reviews.haveConflict') },
            ]}
            onChange={setConflict}
          >
            <p className="muted">{t('reviews.conflictHelp')}</p>
          </Choices>
          {conflict === 'yes' && (
            <Field
              label={t('reviews.conflictWhat')}
              value={why}
              onChange={(e) => setWhy(e.target.value)}
              error={errors.reason}
            />
          )}
          <button type="submit" className="primary">
            {t('reviews.declare')}
          </button>
        </form>
      )}
      {state === 'conflict' && <p>{t('reviews.offForConflict')}</p>}
      {r.application && (
        <>
          <dl className="grants-facts">
            <dt>{t('grants.col.group')}</dt>
            <dd>{r.application.group}</dd>
            <dt>{t('grants.detail.country')}</dt>
            <dd>{r.application.country}</dd>
            <dt>{t('grants.detail.asked')}</dt>
            <dd>
              {r.application.amount} {r.application.currency}
            </dd>
            <dt>{t('grants.detail.summary')}</dt>
            <dd className="pre">{r.application.summary}</dd>
            {Object.entries(r.application.answers).map(([k, v]) => {
              const f = r.form.find((x) => x.id === k);
              return (
                <div key={k}>
                  <dt>{w(f?.label ?? {}) || k}</dt>
                  <dd className="pre">
                    {f?.kind === 'choice' ? w(f.options?.find((o) => o.id === v)?.label ?? {}) : String(v)}
                  </dd>
                </div>
              );
            })}
          </dl>
          {r.application.files.length > 0 && (
            <ul>
              {r.application.files.map((f) => (
                <li key={f.id}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => void download(`/grants/applications/${id}/files/${f.id}`).catch(fail)}
                  >
                    {f.name}
                  </button>{' '}
                  <span className="muted">({f.type.toUpperCase()})</span>
                </li>
              ))}
            </ul>
          )}
          <form
            onSubmit={act(
              '',
              {
                scores: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Number(v)])),
                comments,
              },
              t('reviews.submitted'),
            )}
            aria-label={t('reviews.scores')}
          >
            <fieldset>
              <legend>{t('reviews.scoresLegend', { max: r.scaleMax })}</legend>
              {r.criteria.map((c) => (
                <div key={c.id} className={`field${errors[`scores.${c.id}`] ? ' field--error' : ''}`}>
                  <label htmlFor={`score-${c.id}`}>
                    {w(c.label)} <span className="muted">({t('reviews.weight', { weight: c.weight })})</span>
                  </label>
                  <select
                    id={`score-${c.id}`}
                    value={scores[c.id] ?? ''}
                    onChange={(e) => setScores({ ...scores, [c.id]: e.target.value })}
                  >
                    <option value="">—</option>
                    {Array.from({ length: r.scaleMax + 1 }, (_, i) => String(i)).map((mark) => (
                      <option key={mark} value={mark}>
                        {mark}
                      </option>
                    ))}
                  </select>
                  {errors[`scores.${c.id}`] && <p className="field__error">{errors[`scores.${c.id}`]}</p>}
                </div>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="review-comments">{t('reviews.comments')}</label>
              <textarea
                id="review-comments"
                rows={4}
                value={comments}
                onChange={(e) => setComments(e.target.value)}
              />
            </div>
            <button type="submit" className="primary">
              {state === 'submitted' ? t('reviews.update') : t('reviews.submit')}
            </button>
          </form>
          {r.others && (
            <p>
              {r.others.length === 0
                ? t('reviews.othersNone')
                : t('reviews.others', { list: r.others.map((x) => x.toFixed(1)).join(', ') })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
