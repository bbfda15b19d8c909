/**
 * One application for the call's officers: what the group wrote and its contact (the read is
 * audited), its files (downloaded, never shown in the page), screening, the reviews, the decision
 * (with the envelope's suggestion), and the grant after it: tranches, reports and status.
 */

import {
  type ApplicationDetail,
  GRANT_STATUSES,
  type GrantCall,
  type GrantStatus,
  inLanguage,
} from '@harbour/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { download, get, getUndeclared, post } from '../../shared/api.js';
import type { BodyAt } from '../../shared/contract.js';
import { fieldErrors } from '../../shared/errors.js';
import { Choices, Field, SelectField } from '../../shared/ui.js';

export function ApplicationPanel({
  id,
  call,
  stamp,
  onChanged,
  fail,
  notify,
}: {
  id: string;
  call: GrantCall;
  /** Changes when a call-wide action (closing, assigning reviewers) may have changed this application. */
  stamp: number;
  onChanged: () => void;
  fail: (e: unknown) => void;
  notify: (text: string) => void;
}) {
  const { t, locale } = useI18n();
  const [a, setA] = useState<ApplicationDetail | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [eligible, setEligible] = useState<'yes' | 'no'>('yes');
  const [award, setAward] = useState<'award' | 'decline'>('award');
  const [amount, setAmount] = useState('');
  const [why, setWhy] = useState('');
  const [tranche, setTranche] = useState({ plannedOn: '', amount: '' });
  const [status, setStatus] = useState<{ status: GrantStatus; reason: string }>({
    status: 'active',
    reason: '',
  });
  const load = useCallback(() => {
    get(`/grants/applications/${id}`)
      .then((x) => {
        setA(x);
        setAmount(x.amount);
        setAward(x.rank !== null && !x.fits ? 'decline' : 'award');
        if (x.grantStatus) setStatus((s) => ({ ...s, status: x.grantStatus! }));
      })
      .catch(fail);
  }, [id, fail]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the stamp is the reason to load again
  useEffect(load, [load, stamp]);
  if (!a) return <p className="loading">{t('app.loading')}</p>;
  const w = (x: Partial<Record<string, string>>) => inLanguage(x, locale);
  type Step = 'screening' | 'decision' | 'directory' | 'status' | 'tranches' | `tranches/${string}/paid`;
  const send =
    (path: Step, body: BodyAt<'post', `/grants/applications/${string}/${Step}`>, done: string) =>
    async (e: FormEvent) => {
      e.preventDefault();
      setErrors({});
      try {
        setA(await post(`/grants/applications/${id}/${path}`, body));
        notify(done);
        onChanged();
      } catch (err) {
        setErrors(fieldErrors(t, err));
        fail(err);
      }
    };
  const question = (fieldId: string) => w(call.form.find((f) => f.id === fieldId)?.label ?? {}) || fieldId;
  const answer = (fieldId: string, v: string | number) => {
    const f = call.form.find((x) => x.id === fieldId);
    return f?.kind === 'choice' ? w(f.options?.find((o) => o.id === v)?.label ?? {}) || String(v) : String(v);
  };
  return (
    <section className="panel grants-application" aria-labelledby="application-title">
      <h3 id="application-title">
        {a.group} <span className="muted">({a.ref})</span>
      </h3>
      <dl className="grants-facts">
        <dt>{t('grants.detail.contact')}</dt>
        <dd>{a.contact}</dd>
        <dt>{t('grants.detail.country')}</dt>
        <dd>{a.country}</dd>
        <dt>{t('grants.detail.asked')}</dt>
        <dd>
          {a.amount} {call.currency}
        </dd>
        <dt>{t('grants.detail.sent')}</dt>
        <dd>{new Date(a.sentAt).toLocaleString(locale)}</dd>
        <dt>{t('grants.detail.summary')}</dt>
        <dd className="pre">{a.summary}</dd>
        {Object.entries(a.answers).map(([k, v]) => (
          <div key={k}>
            <dt>{question(k)}</dt>
            <dd className="pre">{answer(k, v)}</dd>
          </div>
        ))}
      </dl>
      {a.files.length > 0 && (
        <ul>
          {a.files.map((f) => (
            <li key={f.id}>
              {question(f.field)}:{' '}
              <button
                type="button"
                className="link"
                onClick={() => void download(`/grants/applications/${id}/files/${f.id}`).catch(fail)}
              >
                {f.name}
              </button>{' '}
              <span className="muted">
                ({f.type.toUpperCase()}, {Math.ceil(f.size / 1024)} KB)
              </span>
            </li>
          ))}
        </ul>
      )}
      {a.missing.length > 0 && (
        <p className="warn">{t('grants.detail.missing', { list: a.missing.map(question).join(', ') })}</p>
      )}

      <h4>{t('grants.detail.screening')}</h4>
      {a.screening !== 'pending' && (
        <p>
          {t(`grants.screening.${a.screening}`)}: <span className="pre">{a.screeningReason}</span>
        </p>
      )}
      {a.decision === 'pending' && call.phase === 'closed' && (
        <form
          onSubmit={send('screening', { eligible: eligible === 'yes', reason }, t('grants.screened'))}
          aria-label={t('grants.detail.screening')}
        >
          <Choices
            legend={t('grants.detail.eligible')}
            name="eligible"
            value={eligible}
            options={[
              { value: 'yes', label: t('grants.screening.eligible') },
              { value: 'no', label: t('grants.screening.ineligible') },
            ]}
            onChange={setEligible}
          />
          <Field
            label={t('grants.detail.screeningReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={errors.reason}
          />
          <button type="submit">{t('grants.detail.screen')}</button>
        </form>
      )}

      <h4>{t('grants.detail.reviews')}</h4>
      {a.reviews.length === 0 ? (
        <p className="muted">{t('grants.detail.noReviews')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('grants.col.reviewer')}</th>
              <th scope="col">{t('grants.col.state')}</th>
              <th scope="col" className="num">
                {t('grants.col.score')}
              </th>
              <th scope="col">{t('grants.col.comments')}</th>
            </tr>
          </thead>
          <tbody>
            {a.reviews.map((r) => (
              <tr key={r.reviewer}>
                <th scope="row">{r.reviewer}</th>
                <td>{t(`grants.reviewState.${r.state}`)}</td>
                <td className="num">{r.score === null ? '—' : r.score.toFixed(1)}</td>
                <td className="pre">{r.state === 'conflict' ? r.conflictReason : r.comments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {a.score !== null && (
        <p>
          {t('grants.detail.standing', { score: a.score.toFixed(1), rank: a.rank ?? '—' })}{' '}
          {a.disagree && (
            <span className="warn">
              ⚠ {t('grants.disagreeTitle', { spread: a.spread?.toFixed(1) ?? '' })}
            </span>
          )}
        </p>
      )}

      <h4>{t('grants.detail.decision')}</h4>
      {a.decision !== 'pending' ? (
        <p>
          {t(`grants.decision.${a.decision}`)}
          {a.awardedAmount && ` — ${a.awardedAmount} ${call.currency}`}
          {a.decisionReason && <span className="pre"> · {a.decisionReason}</span>}
        </p>
      ) : a.screening === 'eligible' && call.phase === 'closed' ? (
        <form
          onSubmit={send(
            'decision',
            { award: award === 'award', ...(award === 'award' ? { amount } : {}), reason: why },
            t('grants.decided'),
          )}
          aria-label={t('grants.detail.decision')}
        >
          <p className="muted">
            {a.rank === null
              ? t('grants.detail.unranked')
              : a.fits
                ? t('grants.detail.suggestAward')
                : t('grants.detail.suggestDecline')}
          </p>
          <Choices
            legend={t('grants.detail.decide')}
            name="award"
            value={award}
            options={[
              { value: 'award', label: t('grants.decision.awarded') },
              { value: 'decline', label: t('grants.decision.declined') },
            ]}
            onChange={setAward}
          />
          {award === 'award' && (
            <Field
              label={t('grants.detail.amount', { currency: call.currency })}
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              error={errors.amount}
            />
          )}
          <Field
            label={t('grants.detail.reason')}
            hint={t('grants.detail.reasonHint')}
            value={why}
            onChange={(e) => setWhy(e.target.value)}
            error={errors.reason}
          />
          <button type="submit" className="primary">
            {t('grants.detail.record')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('grants.detail.notYet')}</p>
      )}

      {a.decision === 'awarded' && (
        <>
          <h4>{t('grants.detail.grant')}</h4>
          <ul>
            {a.tranches.map((x) => (
              <li key={x.id}>
                {x.amount} {call.currency} —{' '}
                {x.paidOn
                  ? t('grants.detail.paidOn', { when: x.paidOn })
                  : t('grants.detail.plannedOn', { when: x.plannedOn })}{' '}
                {!x.paidOn && (
                  <button
                    type="button"
                    className="link"
                    onClick={(e) =>
                      void send(
                        `tranches/${x.id}/paid`,
                        { paidOn: new Date().toISOString().slice(0, 10) },
                        t('grants.paid'),
                      )(e as unknown as FormEvent)
                    }
                  >
                    {t('grants.detail.markPaid')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <form
            onSubmit={send('tranches', tranche, t('grants.tranchePlanned'))}
            aria-label={t('grants.detail.addTranche')}
            className="grants-row"
          >
            <Field
              label={t('grants.detail.trancheDay')}
              type="date"
              value={tranche.plannedOn}
              onChange={(e) => setTranche({ ...tranche, plannedOn: e.target.value })}
              error={errors.plannedOn}
            />
            <Field
              label={t('grants.detail.trancheAmount', { currency: call.currency })}
              inputMode="decimal"
              value={tranche.amount}
              onChange={(e) => setTranche({ ...tranche, amount: e.target.value })}
              error={errors.amount}
            />
            <button type="submit">{t('grants.detail.addTranche')}</button>
          </form>
          <ul>
            {a.reports.map((r) => (
              <li key={r.id}>
                {t(`grants.reportKind.${r.kind}`)} — {t('grants.detail.dueOn', { when: r.dueOn })}:{' '}
                <strong>{t(`grants.reportState.${r.state}`)}</strong>
                {r.spent && ` · ${t('grants.detail.spent', { amount: r.spent, currency: call.currency })}`}
                {r.narrative && <p className="pre">{r.narrative}</p>}
              </li>
            ))}
          </ul>
          <form
            onSubmit={send('status', status, t('grants.statusSaved'))}
            aria-label={t('grants.detail.status')}
            className="grants-row"
          >
            <SelectField
              label={t('grants.detail.status')}
              value={status.status}
              onChange={(e) => setStatus({ ...status, status: e.target.value as GrantStatus })}
            >
              {GRANT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`grants.status.${s}`)}
                </option>
              ))}
            </SelectField>
            <Field
              label={t('grants.detail.statusReason')}
              value={status.reason}
              onChange={(e) => setStatus({ ...status, reason: e.target.value })}
              error={errors.reason}
            />
            <button type="submit">{t('grants.detail.saveStatus')}</button>
          </form>
          <DirectoryLink
            linked={a.directoryGroup}
            onLink={(groupId) =>
              send(
                'directory',
                { groupId },
                t('grants.directoryLinked'),
              )(new Event('submit') as unknown as FormEvent)
            }
          />
        </>
      )}
    </section>
  );
}

/** The group's entry in the directory of groups and networks, so the directory says which grant it received. */
function DirectoryLink({
  linked,
  onLink,
}: {
  linked: { id: string; name: string } | null;
  onLink: (groupId: string | null) => Promise<void>;
}) {
  const { t } = useI18n();
  const [groups, setGroups] = useState<{ id: string; name: string; country: string }[]>([]);
  const [choice, setChoice] = useState(linked?.id ?? '');
  useEffect(() => {
    getUndeclared<{ groups: { id: string; name: string; country: string; view: string }[] }>(
      '/community/groups',
    )
      .then((r) => setGroups(r.groups.filter((g) => g.view === 'full')))
      .catch(() => setGroups([]));
  }, []);
  return (
    <form
      className="grants-row"
      aria-label={t('grants.detail.directory')}
      onSubmit={(e) => {
        e.preventDefault();
        void onLink(choice || null);
      }}
    >
      <SelectField
        label={t('grants.detail.directory')}
        value={choice}
        onChange={(e) => setChoice(e.target.value)}
      >
        <option value="">{t('grants.detail.directoryNone')}</option>
        {groups.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name} ({g.country})
          </option>
        ))}
      </SelectField>
      <button type="submit">{t('grants.detail.directorySave')}</button>
    </form>
  );
}
