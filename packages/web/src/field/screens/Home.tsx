/** My day: the worker's start screen — what they did, what they carry, who to follow up. */

import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { CARRIED, type FollowUpRow, followUps, summariseDay } from '../model.js';
import type { FieldSession } from '../store.js';
import { Icon, type IconName } from './icons.js';
import { clientLabel } from './labels.js';
import { BigButton, Screen, Stepper } from './ui.js';

const ICON: Record<string, IconName> = {
  syringes: 'syringe',
  condoms: 'condom',
  naloxone: 'naloxone',
  hiv_self_test: 'test',
};
const STEP: Record<string, number> = { syringes: 10, condoms: 5, naloxone: 1, hiv_self_test: 1 };

export function HomeScreen({
  session,
  go,
}: {
  session: FieldSession;
  go: (to: { screen: 'find' | 'client' | 'sync' | 'overdose' | 'rights'; clientId?: string }) => void;
}) {
  const { t } = useI18n();
  const today = session.today();
  const items = [...session.items.values()];
  const day = summariseDay(items, today);
  const follow = followUps(
    [...session.clients.values()],
    items,
    today,
    session.secrets.settings.followUpDays,
  );
  const [editing, setEditing] = useState(false);
  const carried = session.day?.date === today ? session.day.carried : {};
  const hotspots = session.day?.date === today ? session.day.hotspots : (session.day?.hotspots ?? []);
  const [hotspot, setHotspot] = useState('');

  const setCarried = (code: string, v: number) =>
    void session.setDay({ date: today, carried: { ...carried, [code]: v }, hotspots });

  return (
    <Screen title={t('field.home.title', { site: session.secrets.siteName })}>
      <div className="f-actions">
        <BigButton icon="search" kind="primary" onClick={() => go({ screen: 'find' })} testId="find">
          {t('field.home.find')}
        </BigButton>
        <BigButton icon="alert" kind="danger" onClick={() => go({ screen: 'overdose' })} testId="overdose">
          {t('field.home.overdose')}
        </BigButton>
      </div>

      <BigButton icon="alert" onClick={() => go({ screen: 'rights' })} testId="rights">
        {t('field.home.rights')}
      </BigButton>

      <h2>{t('field.home.today')}</h2>
      <dl className="f-tiles" data-testid="today">
        <div>
          <dt>{t('field.home.contacts')}</dt>
          <dd>{day.contacts}</dd>
        </div>
        <div>
          <dt>{t('field.home.clients')}</dt>
          <dd>{day.clients}</dd>
        </div>
        {CARRIED.map((c) => (
          <div key={c}>
            <dt>
              <Icon name={ICON[c]!} size={16} /> {t(`item.${c}`)}
            </dt>
            <dd>
              {day.given[c] ?? 0}
              {carried[c] ? (
                <small>
                  {' '}
                  {t('field.home.left', { left: Math.max(0, (carried[c] ?? 0) - (day.given[c] ?? 0)) })}
                </small>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>

      <details open={editing} onToggle={(e) => setEditing((e.target as HTMLDetailsElement).open)}>
        <summary>{t('field.home.carry')}</summary>
        {CARRIED.map((c) => (
          <Stepper
            key={c}
            label={t(`item.${c}`)}
            icon={ICON[c]!}
            value={carried[c] ?? 0}
            step={STEP[c]!}
            onChange={(v) => setCarried(c, v)}
          />
        ))}
        <form
          className="f-inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (!hotspot.trim()) return;
            void session.setDay({
              date: today,
              carried,
              hotspots: [hotspot.trim(), ...hotspots.filter((h) => h !== hotspot.trim())].slice(0, 12),
            });
            setHotspot('');
          }}
        >
          <label className="f-field">
            {t('field.home.hotspot')}
            <input value={hotspot} onChange={(e) => setHotspot(e.target.value)} />
          </label>
          <button type="submit">{t('field.home.hotspotAdd')}</button>
        </form>
        <p className="f-muted">{t('field.home.hotspotNote')}</p>
      </details>

      {hotspots.length ? (
        <>
          <h2>{t('field.home.route')}</h2>
          <ol className="f-list">
            {hotspots.map((h, i) => (
              <li key={h}>
                <button
                  type="button"
                  aria-pressed={i === 0}
                  onClick={() =>
                    void session.setDay({
                      date: today,
                      carried,
                      hotspots: [h, ...hotspots.filter((x) => x !== h)],
                    })
                  }
                >
                  <Icon name="pin" size={18} /> {h} —{' '}
                  {t('field.home.hotspotContacts', { count: day.byHotspot[h] ?? 0 })}
                </button>
              </li>
            ))}
          </ol>
        </>
      ) : null}

      <h2>{t('field.home.due', { count: follow.due.length })}</h2>
      <ul className="f-list f-follow" data-testid="due">
        {follow.due.slice(0, 20).map((r) => (
          <li key={r.client.id}>
            <button type="button" onClick={() => go({ screen: 'client', clientId: r.client.id })}>
              <FollowUpLines row={r} urgent={t('field.home.daysOverdue', { count: r.daysOverdue })} />
            </button>
          </li>
        ))}
      </ul>
      <h2>{t('field.home.referrals', { count: follow.referrals.length })}</h2>
      <ul className="f-list f-follow" data-testid="referrals-due">
        {follow.referrals.slice(0, 20).map((r) => (
          <li key={r.referral.id}>
            <button type="button" onClick={() => go({ screen: 'client', clientId: r.client.id })}>
              <FollowUpLines
                row={r}
                urgent={`${t(`referral.${r.referral.service}`)} — ${t('field.home.daysLate', { count: r.daysOverdue })}`}
              />
            </button>
          </li>
        ))}
      </ul>
    </Screen>
  );
}

/** A follow-up as a peer recognises it: who, how urgent, and when, where and what they were last given. */
function FollowUpLines({ row, urgent }: { row: FollowUpRow; urgent: string }) {
  const { t } = useI18n();
  const given = row.lastGiven.map((code) => t(`item.${code}`)).join(', ');
  return (
    <>
      <strong>{clientLabel(t, row.client)}</strong>
      <span className="f-urgent">{urgent}</span>
      <span className="f-muted">
        {t('field.home.lastSeen', { date: row.lastDate || '—' })}
        {row.lastHotspot ? ` · ${row.lastHotspot}` : ''}
        {given ? ` · ${given}` : ''}
      </span>
    </>
  );
}
