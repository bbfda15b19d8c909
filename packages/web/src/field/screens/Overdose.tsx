/**
 * An overdose responded to, for anyone: a client (found by code) or someone who is not one or whose
 * code nobody could ask. When, the kind of place (never an address), ambulance, naloxone doses and
 * outcome — all taps, no typing. The draft lives in the app, so finding the client keeps it.
 */

import { OVERDOSE_OUTCOMES, OVERDOSE_PLACES, type OverdoseOutcome, type OverdosePlace } from '@harbour/core';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { localDate, localTime } from '../model.js';
import type { FieldSession } from '../store.js';
import { clientLabel } from './labels.js';
import { BigButton, Choices, Screen, Stepper } from './ui.js';

export interface OverdoseDraft {
  clientId: string | null;
  date: string;
  time: string;
  place: OverdosePlace;
  ambulance: 'yes' | 'no';
  doses: number;
  outcome: OverdoseOutcome;
}

export function newOverdoseDraft(now: number): OverdoseDraft {
  return {
    clientId: null,
    date: localDate(now),
    time: localTime(now),
    place: 'public_place',
    ambulance: 'no',
    doses: 1,
    outcome: 'survived',
  };
}

/** The same overdose saved again this soon after is a double tap. */
const TAP_GUARD_MS = 1500;

export function OverdoseScreen({
  session,
  draft,
  setDraft,
  findClient,
  back,
}: {
  session: FieldSession;
  draft: OverdoseDraft;
  setDraft: (d: OverdoseDraft) => void;
  findClient: () => void;
  back: () => void;
}) {
  const { t } = useI18n();
  const [message, setMessage] = useState<string | null>(null);
  const last = useRef<{ key: string; at: number } | null>(null);
  const busy = useRef(false);
  useEffect(() => {
    document.getElementById('f-title')?.focus();
  }, []);
  const client = draft.clientId ? session.resolve(draft.clientId) : undefined;
  const set = (patch: Partial<OverdoseDraft>) => setDraft({ ...draft, ...patch });

  async function save() {
    const key = JSON.stringify(draft);
    if (busy.current) return;
    if (last.current?.key === key && performance.now() - last.current.at < TAP_GUARD_MS) return;
    busy.current = true;
    try {
      await session.recordOverdose({
        clientId: draft.clientId,
        date: draft.date,
        time: draft.time || null,
        place: draft.place,
        ambulance: draft.ambulance === 'yes',
        doses: draft.doses,
        outcome: draft.outcome,
      });
      last.current = { key, at: performance.now() };
      setMessage(t('field.overdose.saved'));
    } finally {
      busy.current = false;
    }
  }

  return (
    <Screen title={t('field.overdose.title')} back={back}>
      {message ? (
        <div className="f-ok f-saved" role="status">
          <span>{message}</span>
        </div>
      ) : null}
      <fieldset className="f-overdose">
        <legend>{t('field.overdose.person')}</legend>
        <p data-testid="overdose-person">{client ? clientLabel(t, client) : t('field.overdose.notClient')}</p>
        {client ? (
          <BigButton icon="person" onClick={() => set({ clientId: null })} testId="overdose-not-client">
            {t('field.overdose.notClientButton')}
          </BigButton>
        ) : (
          <BigButton icon="search" onClick={findClient} testId="overdose-find-client">
            {t('field.overdose.findClient')}
          </BigButton>
        )}
      </fieldset>
      <div className="f-when">
        <label className="f-field">
          {t('field.overdose.date')}
          <input
            type="date"
            value={draft.date}
            max={localDate(session.now())}
            onChange={(e) => set({ date: e.target.value })}
          />
        </label>
        <label className="f-field">
          {t('field.overdose.time')}
          <input type="time" value={draft.time} onChange={(e) => set({ time: e.target.value })} />
        </label>
      </div>
      <Choices
        label={t('field.overdose.place')}
        name="od-place"
        options={OVERDOSE_PLACES.map((p) => ({ value: p, text: t(`field.overdose.place.${p}`) }))}
        value={draft.place}
        onChange={(place) => set({ place })}
      />
      <Stepper
        label={t('field.overdose.kits')}
        icon="naloxone"
        value={draft.doses}
        step={1}
        onChange={(v) => set({ doses: Math.min(20, v) })}
      />
      <Choices
        label={t('field.overdose.ambulance')}
        name="od-ambulance"
        options={[
          { value: 'yes' as const, text: t('field.overdose.yes') },
          { value: 'no' as const, text: t('field.overdose.no') },
        ]}
        value={draft.ambulance}
        onChange={(ambulance) => set({ ambulance })}
      />
      <Choices
        label={t('field.overdose.outcome')}
        name="od-outcome"
        options={OVERDOSE_OUTCOMES.map((o) => ({ value: o, text: t(`field.overdose.${o}`) }))}
        value={draft.outcome}
        onChange={(outcome) => set({ outcome })}
      />
      <BigButton kind="danger" icon="save" onClick={() => void save()} testId="save-overdose">
        {t('field.overdose.save')}
      </BigButton>
    </Screen>
  );
}
