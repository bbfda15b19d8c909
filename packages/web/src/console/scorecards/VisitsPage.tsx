/**
 * A community expert's site visits: the visits they are asked to make, and the scorecard form for
 * one — each checklist item scored 1 to 5 (or "could not see"), a note, what clients said as counts,
 * and a summary. Made for a phone at the site: the draft is kept on the phone as they type, and a
 * visit sent without network waits in the outbox and goes when the network is back.
 */

import { itemWords, SCORE_MAX, SCORE_MIN, type ServiceReview, type ServiceReviewDetail } from '@harbour/core';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, put } from '../../shared/api.js';
import { fieldErrors, localiseProblem, problemText } from '../../shared/errors.js';
import { Field, Notice, PageTitle } from '../../shared/ui.js';
import { ProfilePanel } from '../experts/ProfilePanel.js';
import { dropDraft, loadDraft, queuedVisits, queueVisit, saveDraft, unqueueVisit } from './visit-drafts.js';
import './scorecards.css';

interface Draft {
  visitedOn: string;
  scores: Record<string, number | null>;
  notes: Record<string, string>;
  summary: string;
  feedback: { asked: number; good: number; fair: number; poor: number };
}

const today = () => new Date().toISOString().slice(0, 10);

/** Sends what waits in the outbox; a visit the server refuses stays, so nothing is lost. */
async function flushOutbox(): Promise<number> {
  let sent = 0;
  for (const { id, visit } of await queuedVisits()) {
    try {
      await put(`/scorecards/visits/${id}`, visit);
      await unqueueVisit(id);
      await dropDraft(id);
      sent += 1;
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 0) break;
    }
  }
  return sent;
}

export default function VisitsPage() {
  const { t, locale } = useI18n();
  const [list, setList] = useState<ServiceReview[] | null>(null);
  const [waiting, setWaiting] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | null>(null);
  const load = useCallback(async () => {
    const sent = await flushOutbox().catch(() => 0);
    if (sent > 0) setNotice({ kind: 'ok', text: t('visits.outboxSent', { n: sent }) });
    setWaiting(new Set((await queuedVisits().catch(() => [])).map((q) => q.id)));
    try {
      setList((await get('/scorecards/my-visits')).visits);
    } catch (e) {
      // Without network the list on screen stays as it was, and so does what was just said about it.
      if (e instanceof ApiError && e.status === 0) return;
      setNotice({
        kind: 'error',
        text: problemText(t, e),
      });
    }
  }, [t]);
  useEffect(() => {
    void load();
    const back = () => void load();
    window.addEventListener('online', back);
    return () => window.removeEventListener('online', back);
  }, [load]);
  return (
    <section>
      <PageTitle>{t('visits.title')}</PageTitle>
      <p>{t('visits.intro')}</p>
      <ProfilePanel />
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {list === null ? (
        <p className="loading">{t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('visits.none')}</p>
      ) : (
        <ul className="visit-list">
          {list.map((v) => (
            <li key={v.id} aria-current={open === v.id ? 'true' : undefined}>
              <button type="button" className="link" onClick={() => setOpen(v.id)}>
                {v.site.name}
              </button>{' '}
              <span className="muted">
                {waiting.has(v.id)
                  ? t('visits.state.waiting')
                  : v.state === 'submitted'
                    ? t('visits.state.sent', { day: new Date(v.visitedOn!).toLocaleDateString(locale) })
                    : t('visits.state.due', { day: new Date(v.dueOn).toLocaleDateString(locale) })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <VisitForm
          key={open}
          id={open}
          onDone={(text, kind) => {
            setNotice({ kind, text });
            setOpen(null);
            void load();
          }}
        />
      )}
    </section>
  );
}

function VisitForm({ id, onDone }: { id: string; onDone: (text: string, kind: 'ok' | 'info') => void }) {
  const { t, locale } = useI18n();
  const [detail, setDetail] = useState<ServiceReviewDetail | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [kept, setKept] = useState<'saving' | 'kept' | null>(null);
  const writes = useRef(0);
  useEffect(() => {
    void (async () => {
      try {
        const d = await get(`/scorecards/visits/${id}`);
        setDetail(d);
        const kept = d.state === 'assigned' ? await loadDraft<Draft>(id).catch(() => null) : null;
        setDraft(
          kept ?? {
            visitedOn: d.visitedOn ?? today(),
            scores: d.scores,
            notes: d.notes,
            summary: d.summary,
            feedback: d.feedback,
          },
        );
      } catch (e) {
        setProblem(problemText(t, e));
      }
    })();
  }, [id, t]);
  const change = (next: Draft) => {
    setDraft(next);
    setKept('saving');
    // Only the newest change's write says "kept": an older one finishing late does not.
    const turn = ++writes.current;
    void saveDraft(id, next)
      .then(() => turn === writes.current && setKept('kept'))
      .catch(() => setKept(null));
  };
  if (problem) return <Notice kind="error">{problem}</Notice>;
  if (!detail || !draft) return <p className="loading">{t('app.loading')}</p>;
  const sent = detail.state === 'submitted';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      await put(`/scorecards/visits/${id}`, draft);
      await dropDraft(id).catch(() => undefined);
      onDone(t('visits.sent', { site: detail.site.name }), 'ok');
    } catch (err) {
      if (err instanceof ApiError && err.status === 0) {
        await queueVisit(id, draft);
        onDone(t('visits.queued', { site: detail.site.name }), 'info');
        return;
      }
      setErrors(fieldErrors(t, err));
      setProblem(null);
      if (err instanceof ApiError && !err.problem.errors?.length) setProblem(localiseProblem(t, err));
    }
  };
  const count = (k: keyof Draft['feedback']) => (
    <Field
      label={t(`visits.feedback.${k}`)}
      type="number"
      inputMode="numeric"
      min={0}
      value={String(draft.feedback[k])}
      disabled={sent}
      error={errors[`feedback.${k}`]}
      onChange={(e) =>
        change({ ...draft, feedback: { ...draft.feedback, [k]: Math.max(0, Number(e.target.value) || 0) } })
      }
    />
  );
  const unanswered = detail.checklist.items.filter((i) => !(i.id in draft.scores)).length;
  const levels = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => SCORE_MIN + i);
  return (
    <form className="visit-form" onSubmit={(e) => void submit(e)} aria-labelledby="visit-title">
      <h2 id="visit-title">{t('visits.formTitle', { site: detail.site.name })}</h2>
      <p className="muted">{t('visits.formIntro')}</p>
      {errors.scores && <Notice kind="error">{errors.scores}</Notice>}
      <Field
        label={t('visits.visitedOn')}
        type="date"
        value={draft.visitedOn}
        max={today()}
        disabled={sent}
        error={errors.visitedOn}
        onChange={(e) => change({ ...draft, visitedOn: e.target.value })}
      />
      {detail.checklist.items.map((item) => {
        // Not answered yet (undefined) is not the same as "could not see" (null): nothing is ticked for the expert.
        const score = item.id in draft.scores ? draft.scores[item.id] : undefined;
        const err = errors[`scores.${item.id}`];
        return (
          <fieldset
            key={item.id}
            className="visit-item"
            aria-describedby={err ? `err-${item.id}` : undefined}
          >
            <legend>{itemWords(item.label, locale)}</legend>
            {item.hint && <p className="muted">{itemWords(item.hint, locale)}</p>}
            <div className="score-scale">
              {levels.map((n) => (
                <label key={n} className={`score score--${n}`}>
                  <input
                    type="radio"
                    name={`score-${item.id}`}
                    checked={score === n}
                    disabled={sent}
                    onChange={() => change({ ...draft, scores: { ...draft.scores, [item.id]: n } })}
                  />
                  <span>
                    {n} · {t(`visits.level.${n}`)}
                  </span>
                </label>
              ))}
              <label className="score score--none">
                <input
                  type="radio"
                  name={`score-${item.id}`}
                  checked={score === null}
                  disabled={sent}
                  onChange={() => change({ ...draft, scores: { ...draft.scores, [item.id]: null } })}
                />
                <span>{t('visits.notSeen')}</span>
              </label>
            </div>
            {err && (
              <p className="field__error" id={`err-${item.id}`} role="alert">
                {err}
              </p>
            )}
            <label className="visit-note">
              {t('visits.note')}
              <textarea
                rows={2}
                maxLength={1000}
                value={draft.notes[item.id] ?? ''}
                disabled={sent}
                onChange={(e) => change({ ...draft, notes: { ...draft.notes, [item.id]: e.target.value } })}
              />
            </label>
          </fieldset>
        );
      })}
      <fieldset>
        <legend>{t('visits.feedback.legend')}</legend>
        <p className="muted">{t('visits.feedback.hint')}</p>
        <div className="visit-row">
          {count('asked')}
          {count('good')}
          {count('fair')}
          {count('poor')}
        </div>
      </fieldset>
      <label className="visit-note">
        {t('visits.summary')}
        <textarea
          rows={4}
          maxLength={3000}
          value={draft.summary}
          disabled={sent}
          onChange={(e) => change({ ...draft, summary: e.target.value })}
        />
      </label>
      <p className="muted">{t('visits.noNames')}</p>
      {!sent && unanswered > 0 && <p>{t('visits.unanswered', { n: unanswered })}</p>}
      {!sent && (
        <p className="muted" role="status">
          {kept === 'saving' ? t('visits.saving') : kept === 'kept' ? t('visits.kept') : ''}
        </p>
      )}
      {!sent && <button type="submit">{t('visits.send')}</button>}
    </form>
  );
}
