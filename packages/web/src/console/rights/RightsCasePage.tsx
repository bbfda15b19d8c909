/** One rights case: what happened, the narrative (its reading is audited), responses, follow-ups, consent, outcome. */

import { type CaseDetail, OUTCOMES, RESPONSE_ACTIONS } from '@harbour/core';
import { useCallback, useEffect, useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post } from '../../shared/api.js';
import type { BodyAt } from '../../shared/contract.js';
import { localiseProblem } from '../../shared/errors.js';
import { Field, Notice, PageTitle, SelectField } from '../../shared/ui.js';

type RightsCase = CaseDetail;

const today = () => new Date().toISOString().slice(0, 10);

type Part = 'responses' | 'followUps' | 'close' | 'consent';

/** A short note, sealed on the server with the case; the hint says what never goes in it. */
function NoteField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('rights.note')}</label>
      <textarea
        id={id}
        rows={2}
        maxLength={2000}
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
      />
      <p className="field__hint" id={`${id}-hint`}>
        {t('rights.noteHint')}
      </p>
    </div>
  );
}

export function RightsCasePage({ id }: { id: string }) {
  const { t } = useI18n();
  const [c, setC] = useState<RightsCase | null>(null);
  // Each message shows beside the part of the page it is about, not at the top of a long case.
  const [notice, setNotice] = useState<{ at: Part; kind: 'ok' | 'error'; text: string } | null>(null);
  const [response, setResponse] = useState({
    action: 'legal_aid',
    byReferral: false,
    date: today(),
    note: '',
  });
  const [followUp, setFollowUp] = useState({ dueDate: '', note: '' });
  const [outcome, setOutcome] = useState('resolved');
  const [cancelOpen, setCancelOpen] = useState(false);
  const load = useCallback(async () => setC(await get(`/rights/cases/${id}`)), [id]);
  useEffect(() => {
    void load();
  }, [load]);
  type Step =
    | '/close'
    | '/consent'
    | '/follow-ups'
    | '/responses'
    | '/withdraw'
    | `/follow-ups/${string}/done`;
  const act = async (
    at: Part,
    path: Step,
    body: BodyAt<'post', `/rights/cases/${string}${Step}`>,
    done: string,
  ): Promise<boolean> => {
    try {
      await post(`/rights/cases/${id}${path}`, body);
      setNotice({ at, kind: 'ok', text: done });
      await load();
      return true;
    } catch (e) {
      setNotice({ at, kind: 'error', text: e instanceof ApiError ? localiseProblem(t, e) : String(e) });
      return false;
    }
  };
  const say = (at: Part) => (notice?.at === at ? <Notice kind={notice.kind}>{notice.text}</Notice> : null);
  if (!c) return <p>{t('app.loading')}</p>;
  const live = !c.consent.withdrawnAt;
  const toDo = c.followUps.filter((f) => !f.doneOn && !f.cancelledOn);
  return (
    <section>
      <PageTitle>{t('rights.casePage', { ref: c.ref })}</PageTitle>
      <dl className="facts">
        <dt>{t('rights.when')}</dt>
        <dd>{c.occurredOn}</dd>
        <dt>{t('rights.where')}</dt>
        <dd>{c.place.name}</dd>
        <dt>{t('rights.channel')}</dt>
        <dd>{t(`channel.${c.channel}`)}</dd>
        <dt>{t('rights.person')}</dt>
        <dd>
          {[
            t(`sex.${c.person.sex}`),
            c.person.ageBand === 'unknown' ? t('rights.unknown') : c.person.ageBand,
            c.person.kp ? t(`kp.${c.person.kp}`) : null,
            `${t('rights.hiv')}: ${t(`said.${c.person.hiv}`)}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </dd>
        <dt>{t('rights.state')}</dt>
        <dd>
          {c.consent.withdrawnAt
            ? t('rights.withdrawn')
            : c.status === 'closed'
              ? `${t(`outcome.${c.outcome}`)} (${c.closedOn})`
              : t('rights.status.open')}
        </dd>
      </dl>
      <h2>{t('rights.acts')}</h2>
      <ul>
        {c.acts.map((a) => (
          <li key={`${a.violation}-${a.perpetrator}`}>
            {t(`violation.${a.violation}`)} — {t(`perpetrator.${a.perpetrator}`)}
          </li>
        ))}
      </ul>
      <h2>{t('rights.narrative')}</h2>
      <p className="narrative">
        {c.narrative ?? (c.consent.withdrawnAt ? t('rights.narrativeDestroyed') : '—')}
      </p>

      <h2>{t('rights.responses')}</h2>
      <ul>
        {c.responses.map((r) => (
          <li key={r.id}>
            {r.date} — {t(`action.${r.action}`)}
            {r.byReferral ? ` (${t('rights.byReferral')})` : ''}
            {r.note && <p className="note">{r.note}</p>}
          </li>
        ))}
      </ul>
      {live && c.status === 'open' ? (
        <form
          aria-label={t('rights.addResponse')}
          onSubmit={(e) => {
            e.preventDefault();
            void act('responses', '/responses', response, t('rights.responseAdded')).then(
              (ok) => ok && setResponse({ ...response, byReferral: false, note: '' }),
            );
          }}
        >
          <SelectField
            label={t('rights.action')}
            value={response.action}
            onChange={(e) => setResponse({ ...response, action: e.target.value })}
          >
            {RESPONSE_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`action.${a}`)}
              </option>
            ))}
          </SelectField>
          <label className="tick">
            <input
              type="checkbox"
              checked={response.byReferral}
              onChange={(e) => setResponse({ ...response, byReferral: e.target.checked })}
            />
            {t('rights.byReferralLong')}
          </label>
          <Field
            label={t('rights.date')}
            type="date"
            value={response.date}
            onChange={(e) => setResponse({ ...response, date: e.target.value })}
          />
          <NoteField value={response.note} onChange={(note) => setResponse({ ...response, note })} />
          <button type="submit">{t('rights.addResponse')}</button>
        </form>
      ) : null}
      {say('responses')}

      <h2>{t('rights.followUps')}</h2>
      <ul>
        {c.followUps.map((f) => (
          <li key={f.id}>
            {t('rights.dueOn', { date: f.dueDate })} —{' '}
            <strong>
              {f.doneOn
                ? t('rights.doneOn', { date: f.doneOn })
                : f.cancelledOn
                  ? t('rights.cancelledOn', { date: f.cancelledOn })
                  : t('rights.toDo')}
            </strong>
            {!f.doneOn && !f.cancelledOn && live ? (
              <>
                {' '}
                <button
                  type="button"
                  onClick={() =>
                    void act('followUps', `/follow-ups/${f.id}/done`, undefined, t('rights.followUpDone'))
                  }
                >
                  {t('rights.markDone')}
                </button>
              </>
            ) : null}
            {f.note && <p className="note">{f.note}</p>}
          </li>
        ))}
      </ul>
      {live && c.status === 'open' ? (
        <form
          aria-label={t('rights.planFollowUp')}
          onSubmit={(e) => {
            e.preventDefault();
            if (followUp.dueDate)
              void act('followUps', '/follow-ups', followUp, t('rights.followUpPlanned')).then(
                (ok) => ok && setFollowUp({ dueDate: '', note: '' }),
              );
          }}
        >
          <Field
            label={t('rights.dueDate')}
            type="date"
            required
            value={followUp.dueDate}
            onChange={(e) => setFollowUp({ ...followUp, dueDate: e.target.value })}
          />
          <NoteField value={followUp.note} onChange={(note) => setFollowUp({ ...followUp, note })} />
          <button type="submit">{t('rights.planFollowUp')}</button>
        </form>
      ) : null}
      {say('followUps')}

      {live && c.status === 'open' ? (
        <>
          <h2>{t('rights.close')}</h2>
          <form
            aria-label={t('rights.close')}
            onSubmit={(e) => {
              e.preventDefault();
              void act(
                'close',
                '/close',
                { outcome, ...(toDo.length > 0 && cancelOpen ? { cancelOpenFollowUps: true } : {}) },
                t('rights.closed'),
              );
            }}
          >
            <SelectField
              label={t('rights.outcome')}
              value={outcome}
              onChange={(e) => setOutcome(e.target.value)}
            >
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`outcome.${o}`)}
                </option>
              ))}
            </SelectField>
            {toDo.length > 0 && (
              <label className="tick">
                <input
                  type="checkbox"
                  checked={cancelOpen}
                  onChange={(e) => setCancelOpen(e.target.checked)}
                />
                {t('rights.cancelOpen', { n: toDo.length })}
              </label>
            )}
            <button type="submit">{t('rights.close')}</button>
          </form>
        </>
      ) : null}
      {say('close')}

      <h2>{t('rights.consent')}</h2>
      <ul>
        {c.consentHistory.map((h) => (
          <li key={h.at}>
            {h.at.slice(0, 16).replace('T', ' ')} —{' '}
            {h.record
              ? [
                  t('rights.consentRecordShort'),
                  h.advocacy ? t('rights.consentAdvocacyShort') : null,
                  h.contact ? t('rights.consentContactShort') : null,
                ]
                  .filter(Boolean)
                  .join(', ')
              : t('rights.withdrawn')}
          </li>
        ))}
      </ul>
      {live ? (
        <p>
          <button
            type="button"
            onClick={() =>
              void act(
                'consent',
                '/consent',
                { advocacy: !c.consent.advocacy, contact: c.consent.contact },
                t('rights.consentChanged'),
              )
            }
          >
            {c.consent.advocacy ? t('rights.stopAdvocacy') : t('rights.allowAdvocacy')}
          </button>{' '}
          <button
            type="button"
            className="danger"
            onClick={() => {
              if (confirm(t('rights.confirmWithdraw')))
                void act('consent', '/withdraw', undefined, t('rights.withdrawnDone'));
            }}
          >
            {t('rights.withdraw')}
          </button>
        </p>
      ) : null}
      {say('consent')}
    </section>
  );
}
