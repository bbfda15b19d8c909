/**
 * The client's screen: record what happened in at most three taps (tap items, tap save — or the usual
 * pack and save), and the client's recent contacts on this phone. Overdoses have their own screen.
 */

import {
  type ContactItem,
  type ContactSyncItem,
  HIV_RESULTS,
  PHONE_VOID_DAYS,
  REFERRAL_SERVICES,
} from '@harbour/core';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { contactsOf, localDate, shiftDate, USUAL_PACK } from '../model.js';
import type { FieldSession } from '../store.js';
import { Icon, type IconName } from './icons.js';
import { clientLabel } from './labels.js';
import { BigButton, Screen, Stepper } from './ui.js';

/** How long the saved message offers Undo. */
const UNDO_SECONDS = 10;
/** The same contact saved again this soon after is a double tap, not a second contact. */
const TAP_GUARD_MS = 1500;

const COMMODITIES: { code: string; icon: IconName; first: number; step: number }[] = [
  { code: 'syringes', icon: 'syringe', first: 10, step: 5 },
  { code: 'syringes_returned', icon: 'returned', first: 10, step: 5 },
  { code: 'condoms', icon: 'condom', first: 5, step: 5 },
  { code: 'naloxone', icon: 'naloxone', first: 1, step: 1 },
  { code: 'hiv_self_test', icon: 'test', first: 1, step: 1 },
];

/** Items the form does not show (a TB screening, OST…): a correction keeps them as they were. */
function unformed(items: readonly ContactItem[]): ContactItem[] {
  return items.filter(
    (i) => !COMMODITIES.some((c) => c.code === i.code) && i.code !== 'hiv_test' && i.code !== 'referral',
  );
}

export function ClientScreen({
  session,
  clientId,
  back,
  saved,
}: {
  session: FieldSession;
  clientId: string;
  back: () => void;
  saved: (ms: number) => void;
}) {
  const { t } = useI18n();
  const client = session.resolve(clientId);
  const [qty, setQty] = useState<Record<string, number>>({});
  const [hiv, setHiv] = useState<string>('');
  const [referral, setReferral] = useState<string>('');
  const [message, setMessage] = useState<string | null>(null);
  /** The contact just saved, offered for undo for a few seconds. */
  const [justSaved, setJustSaved] = useState<string | null>(null);
  /** A recent contact being corrected: the form holds what it says was given. */
  const [correcting, setCorrecting] = useState<ContactSyncItem | null>(null);
  // A double tap must not record twice: a tap while a save runs is ignored, and so is the same
  // contact again (same items, same client) within a moment of the last — a second, different
  // contact is saved at once.
  const busy = useRef(false);
  const last = useRef<{ key: string; at: number } | null>(null);
  const undoTimer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(undoTimer.current), []);

  useEffect(() => {
    document.getElementById('f-title')?.focus();
  }, []);

  if (!client) return <Screen title="?" back={back} />;
  const ids = new Set([
    clientId,
    client.id,
    ...[...session.clients.values()].filter((c) => c.mergedInto === client.id).map((c) => c.id),
  ]);
  const history = contactsOf([...session.items.values()], ids).slice(0, 10);

  async function save(items: ContactItem[]) {
    if (busy.current) return;
    if (items.length === 0) return setMessage(t('field.client.nothing'));
    const key = JSON.stringify(items);
    if (last.current?.key === key && performance.now() - last.current.at < TAP_GUARD_MS) return;
    busy.current = true;
    try {
      if (correcting) {
        await session.correct(correcting.id, [...items, ...unformed(correcting.items)]);
        setCorrecting(null);
        clearForm();
        setMessage(t('field.client.corrected'));
        setJustSaved(null);
        last.current = { key, at: performance.now() };
        return;
      }
      const t0 = performance.now();
      const contact = await session.record(clientId, items);
      const ms = performance.now() - t0;
      clearForm();
      setMessage(t('field.client.saved'));
      setJustSaved(contact.id);
      last.current = { key, at: performance.now() };
      window.clearTimeout(undoTimer.current);
      undoTimer.current = window.setTimeout(() => setJustSaved(null), UNDO_SECONDS * 1000);
      saved(ms);
    } finally {
      busy.current = false;
    }
  }

  function clearForm() {
    setQty({});
    setHiv('');
    setReferral('');
  }

  /** Puts a recent contact's items into the form, to be saved as its correction. */
  function startCorrecting(h: ContactSyncItem) {
    const q: Record<string, number> = {};
    for (const i of h.items) if (COMMODITIES.some((c) => c.code === i.code) && i.qty) q[i.code] = i.qty;
    setQty(q);
    setHiv(h.items.find((i) => i.code === 'hiv_test')?.result ?? '');
    setReferral(h.items.find((i) => i.code === 'referral')?.to ?? '');
    setCorrecting(h);
    setJustSaved(null);
    setMessage(t('field.client.correcting', { date: h.date, time: h.time ?? '' }));
    window.scrollTo({ top: 0 });
  }

  async function takeBack(contactId: string) {
    await session.takeBack(contactId);
    last.current = null;
    setJustSaved(null);
    setMessage(t('field.client.takenBack'));
  }

  function basket(): ContactItem[] {
    const items: ContactItem[] = [];
    for (const c of COMMODITIES) if (qty[c.code]) items.push({ code: c.code, qty: qty[c.code]! });
    if (hiv) items.push({ code: 'hiv_test', result: hiv, selfTest: false });
    if (referral) items.push({ code: 'referral', to: referral as ContactItem['to'] });
    return items;
  }

  return (
    <Screen title={clientLabel(t, client)} back={back}>
      {message ? (
        <div className="f-ok f-saved" role="status">
          <span>{message}</span>
          {justSaved ? (
            <button
              type="button"
              className="f-undo"
              onClick={() => void takeBack(justSaved)}
              data-testid="undo"
            >
              {t('field.client.undo')}
            </button>
          ) : null}
        </div>
      ) : null}
      {correcting ? null : (
        <BigButton icon="bolt" kind="primary" onClick={() => void save(USUAL_PACK)} testId="usual">
          {t('field.client.usual')}
        </BigButton>
      )}
      <div className="f-grid">
        {COMMODITIES.map((c) => (
          <BigButton
            key={c.code}
            icon={c.icon}
            pressed={Boolean(qty[c.code])}
            onClick={() => setQty({ ...qty, [c.code]: qty[c.code] ? 0 : c.first })}
            testId={`item-${c.code}`}
          >
            {t(`item.${c.code}`)}
            {qty[c.code] ? ` × ${qty[c.code]}` : ''}
          </BigButton>
        ))}
      </div>
      {COMMODITIES.filter((c) => qty[c.code]).map((c) => (
        <Stepper
          key={c.code}
          label={t(`item.${c.code}`)}
          icon={c.icon}
          value={qty[c.code]!}
          step={c.step}
          onChange={(v) => setQty({ ...qty, [c.code]: v })}
        />
      ))}
      <label className="f-field">
        <span>
          <Icon name="test" size={20} /> {t('field.client.hivTest')}
        </span>
        <select value={hiv} onChange={(e) => setHiv(e.target.value)}>
          <option value="">—</option>
          {HIV_RESULTS.map((r) => (
            <option key={r} value={r}>
              {t(`result.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="f-field">
        <span>
          <Icon name="referral" size={20} /> {t('field.client.referral')}
        </span>
        <select value={referral} onChange={(e) => setReferral(e.target.value)}>
          <option value="">—</option>
          {REFERRAL_SERVICES.map((r) => (
            <option key={r} value={r}>
              {t(`referral.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <BigButton icon="save" kind="primary" onClick={() => void save(basket())} testId="save">
        {correcting ? t('field.client.saveCorrection') : t('field.client.save')}
      </BigButton>
      {correcting ? (
        <button
          type="button"
          className="f-undo"
          onClick={() => {
            setCorrecting(null);
            clearForm();
            setMessage(null);
          }}
        >
          {t('field.client.cancelCorrection')}
        </button>
      ) : null}
      {session.secrets.settings.aliasEnabled ? <Nickname session={session} clientId={client.id} /> : null}
      <h2>{t('field.client.history')}</h2>
      <ul className="f-list">
        {history.map((h) => (
          <li key={h.id} className="f-history">
            <span>
              {h.date} {h.time} —{' '}
              {h.items.map((i) => `${t(`item.${i.code}`)}${i.qty ? ` ${i.qty}` : ''}`).join(', ')}
            </span>
            {h.date >= shiftDate(localDate(Date.now()), -PHONE_VOID_DAYS) ? (
              <span className="f-actions">
                <button
                  type="button"
                  className="f-undo"
                  aria-label={t('field.client.correctLabel', { date: h.date, time: h.time ?? '' })}
                  onClick={() => startCorrecting(h)}
                >
                  {t('field.client.correct')}
                </button>
                <button
                  type="button"
                  className="f-undo"
                  aria-label={t('field.client.takeBackLabel', { date: h.date, time: h.time ?? '' })}
                  onClick={() => {
                    if (window.confirm(t('field.client.takeBackConfirm'))) void takeBack(h.id);
                  }}
                >
                  {t('field.client.takeBack')}
                </button>
              </span>
            ) : null}
          </li>
        ))}
        {client.lastContactDate ? (
          <li className="f-muted">{t('field.home.lastSeen', { date: client.lastContactDate })}</li>
        ) : null}
      </ul>
    </Screen>
  );
}

/** What the worker calls this client, kept only in this phone's sealed vault: lists become recognisable. */
function Nickname({ session, clientId }: { session: FieldSession; clientId: string }) {
  const { t } = useI18n();
  const current = session.clients.get(clientId)?.nickname ?? '';
  const [value, setValue] = useState(current);
  return (
    <details className="f-nickname">
      <summary>
        {current ? t('field.client.nicknameIs', { nickname: current }) : t('field.client.nicknameAdd')}
      </summary>
      <form
        className="f-inline"
        onSubmit={(e) => {
          e.preventDefault();
          void session.setNickname(clientId, value);
        }}
      >
        <label className="f-field">
          {t('field.client.nickname')}
          <input value={value} maxLength={40} autoComplete="off" onChange={(e) => setValue(e.target.value)} />
        </label>
        <button type="submit" data-testid="save-nickname">
          {t('field.client.nicknameSave')}
        </button>
      </form>
      <p className="f-muted">{t('field.client.nicknameNote')}</p>
    </details>
  );
}
