/** One rights case: what happened, the narrative (its reading is audited), responses, follow-ups, consent, outcome. */

import { OUTCOMES, RESPONSE_ACTIONS } from '@harbour/core';
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Field, Notice, PageTitle, SelectField } from '../../shared/ui.js';

interface RightsCase {
  id: string;
  ref: string;
  occurredOn: string;
  place: { code: string; name: string };
  site: { code: string; name: string };
  channel: string;
  person: { sex: string; ageBand: string; kp: string | null; hiv: string; tb: string };
  linkedToClient: boolean;
  consent: { advocacy: boolean; contact: boolean; withdrawnAt: string | null };
  consentHistory: { at: string; record: boolean; advocacy: boolean; contact: boolean }[];
  acts: { violation: string; perpetrator: string }[];
  narrative: string | null;
  responses: { id: string; action: string; byReferral: boolean; date: string }[];
  followUps: { id: string; dueDate: string; doneOn: string | null }[];
  status: string;
  outcome: string | null;
  closedOn: string | null;
}

const today = () => new Date().toISOString().slice(0, 10);

export function RightsCasePage({ id }: { id: string }) {
  const { t } = useI18n();
  const [c, setC] = useState<RightsCase | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [response, setResponse] = useState({ action: 'legal_aid', byReferral: false, date: today() });
  const [due, setDue] = useState('');
  const [outcome, setOutcome] = useState('resolved');
  const load = useCallback(async () => setC(await get<RightsCase>(`/rights/cases/${id}`)), [id]);
  useEffect(() => {
    void load();
  }, [load]);
  const act = async (path: string, body: unknown, done: string) => {
    try {
      await post(`/rights/cases/${id}${path}`, body);
      setNotice({ kind: 'ok', text: done });
      await load();
    } catch (e) {
      setNotice({ kind: 'error', text: e instanceof ApiError ? localiseProblem(t, e) : String(e) });
    }
  };
  if (!c) return <p>{t('app.loading')}</p>;
  const live = !c.consent.withdrawnAt;
  return (
    <section>
      <PageTitle>{t('rights.casePage', { ref: c.ref })}</PageTitle>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
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
          </li>
        ))}
      </ul>
      {live && c.status === 'open' ? (
        <form
          aria-label={t('rights.addResponse')}
          onSubmit={(e) => {
            e.preventDefault();
            void act('/responses', response, t('rights.responseAdded'));
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
          <label className="check">
            <input
              type="checkbox"
              checked={response.byReferral}
              onChange={(e) => setResponse({ ...response, byReferral: e.target.checked })}
            />{' '}
            {t('rights.byReferral')}
          </label>
          <Field
            label={t('rights.date')}
            type="date"
            value={response.date}
            onChange={(e) => setResponse({ ...response, date: e.target.value })}
          />
          <button type="submit">{t('rights.addResponse')}</button>
        </form>
      ) : null}

      <h2>{t('rights.followUps')}</h2>
      <ul>
        {c.followUps.map((f) => (
          <li key={f.id}>
            {f.dueDate} — {f.doneOn ? t('rights.doneOn', { date: f.doneOn }) : null}
            {!f.doneOn && live ? (
              <button
                type="button"
                onClick={() => void act(`/follow-ups/${f.id}/done`, undefined, t('rights.followUpDone'))}
              >
                {t('rights.markDone')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {live && c.status === 'open' ? (
        <form
          aria-label={t('rights.planFollowUp')}
          onSubmit={(e) => {
            e.preventDefault();
            if (due) void act('/follow-ups', { dueDate: due }, t('rights.followUpPlanned'));
          }}
        >
          <Field
            label={t('rights.dueDate')}
            type="date"
            value={due}
            onChange={(e) => setDue(e.target.value)}
          />
          <button type="submit">{t('rights.planFollowUp')}</button>
        </form>
      ) : null}

      {live && c.status === 'open' ? (
        <>
          <h2>{t('rights.close')}</h2>
          <form
            aria-label={t('rights.close')}
            onSubmit={(e) => {
              e.preventDefault();
              void act('/close', { outcome }, t('rights.closed'));
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
            <button type="submit">{t('rights.close')}</button>
          </form>
        </>
      ) : null}

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
                void act('/withdraw', undefined, t('rights.withdrawnDone'));
            }}
          >
            {t('rights.withdraw')}
          </button>
        </p>
      ) : null}
    </section>
  );
}
