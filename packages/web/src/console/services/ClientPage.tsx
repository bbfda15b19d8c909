/** One client: profile, record a contact, and the timeline — with corrections and voids for those who may make them. */

import { type Timeline, type TimelineContact, timelineSchema } from '@harbour/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, patch, post } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { Link } from '../../shared/router.js';
import { Notice, PageTitle, SelectField } from '../../shared/ui.js';
import { useSession } from '../session.js';
import { SitePicker, useSiteFor } from '../work-site.js';
import { ContactForm, describeItems } from './ContactForm.js';
import { ClientCard, type ClientSummary } from './FindClientPage.js';
import { foundToServe } from './found-clients.js';
import { useProgramme } from './programme.js';

const VOID_REASONS = ['entered_in_error', 'duplicate_entry', 'wrong_client', 'wrong_site', 'test_record'];

export function ClientPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  const site = useSiteFor('contact.write');
  const programme = useProgramme(site?.code);
  const [client, setClient] = useState<ClientSummary | null>(null);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  // Each message shows beside the part of the page it answers (the profile, a new contact, the history).
  const [notice, setNotice] = useState<{
    at: 'page' | 'profile' | 'record' | 'history';
    kind: 'ok' | 'error';
    text: string;
  } | null>(null);
  const say = (at: 'page' | 'profile' | 'record' | 'history') =>
    notice?.at === at ? <Notice kind={notice.kind}>{notice.text}</Notice> : null;
  const [correcting, setCorrecting] = useState<TimelineContact | null>(null);
  const [voiding, setVoiding] = useState<TimelineContact | null>(null);
  const [editing, setEditing] = useState(false);

  const load = useCallback(async () => {
    try {
      setClient(await get(`/clients/${id}`));
      // Through core's schema: it types the contact items the contract passes whole (zod `custom`).
      setTimeline(timelineSchema.parse(await get(`/clients/${id}/timeline`)));
    } catch (err) {
      // Found by code at another site: served here, not opened (no history, no profile edits).
      const toServe = err instanceof ApiError && err.status === 404 ? foundToServe(id) : undefined;
      if (toServe) {
        setClient(toServe);
        setTimeline(null);
        return;
      }
      setNotice({
        at: 'page',
        kind: 'error',
        text: err instanceof ApiError ? localiseProblem(t, err) : String(err),
      });
    }
  }, [id, t]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!client)
    return (
      <section>{notice ? <Notice kind="error">{notice.text}</Notice> : <p>{t('app.loading')}</p>}</section>
    );

  return (
    <section>
      <PageTitle>{t('client.title', { ref: client.ref })}</PageTitle>
      <p>
        <Link href="/console/clients">{t('client.back')}</Link>
      </p>
      {say('page')}
      <div className="panel">
        <ClientCard c={client} />
        {client.access === 'serve' && <p className="field__hint">{t('client.servedElsewhere')}</p>}
        {can('client.write') && client.access !== 'serve' && !editing && (
          <button type="button" onClick={() => setEditing(true)}>
            {t('client.editProfile')}
          </button>
        )}
        {editing && programme && (
          <ProfileForm
            client={client}
            sexes={programme.sexes}
            kps={programme.keyPopulations}
            onDone={async (saved) => {
              setEditing(false);
              if (saved) {
                setNotice({ at: 'profile', kind: 'ok', text: t('common.saved') });
                await load();
              }
            }}
          />
        )}
        {say('profile')}
      </div>

      {can('contact.write') && (
        <section className="panel" aria-labelledby="record-title">
          <h2 id="record-title">{t('contact.recordTitle')}</h2>
          <SitePicker permission="contact.write" />
          {programme && site && (
            <ContactForm
              programme={programme}
              submitLabel={t('contact.save')}
              onSubmit={async (draft) => {
                await post('/contacts', { clientId: client.id, siteCode: site.code, ...draft });
                setNotice({ at: 'record', kind: 'ok', text: t('contact.saved', { date: draft.date }) });
                await load();
              }}
            />
          )}
          {say('record')}
        </section>
      )}

      {correcting && programme && (
        <section className="panel" aria-labelledby="correct-title">
          <h2 id="correct-title">{t('contact.correctTitle', { date: correcting.date })}</h2>
          <ContactForm
            programme={programme}
            initial={{ date: correcting.date, placeType: correcting.placeType, items: correcting.items }}
            submitLabel={t('contact.saveCorrection')}
            onCancel={() => setCorrecting(null)}
            onSubmit={async (draft) => {
              await post(`/contacts/${correcting.id}/correct`, { siteCode: correcting.site.code, ...draft });
              setCorrecting(null);
              setNotice({ at: 'history', kind: 'ok', text: t('contact.corrected') });
              await load();
            }}
          />
        </section>
      )}

      {voiding && (
        <VoidForm
          contact={voiding}
          onDone={async (done) => {
            setVoiding(null);
            if (done) {
              setNotice({ at: 'history', kind: 'ok', text: t('contact.voided') });
              await load();
            }
          }}
        />
      )}

      {say('history')}
      {timeline && (
        <>
          {timeline.ostEpisodes.length > 0 && (
            <section className="panel" aria-labelledby="ost-title">
              <h2 id="ost-title">{t('client.ostEpisodes')}</h2>
              <ul className="plain">
                {timeline.ostEpisodes.map((e) => (
                  <li key={e.startDate}>
                    {e.medicine ? t(`medicine.${e.medicine}`) : t('item.ost')}: {e.startDate} –{' '}
                    {e.stopDate ?? t('client.ongoing')} ({e.siteCode})
                    {e.lastDoseDate
                      ? ` · ${t('ost.lastDose')} ${e.lastDoseDate}${e.lastDoseMg ? `, ${e.lastDoseMg} mg` : ''}`
                      : ''}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {timeline.referrals.length > 0 && (
            <section className="panel" aria-labelledby="refs-title">
              <h2 id="refs-title">{t('nav.referrals')}</h2>
              <ul className="plain">
                {timeline.referrals.map((r) => (
                  <li key={r.id}>
                    {t(`referral.${r.service}`)} — {r.issuedDate} · {t(`referralStatus.${r.status}`)}
                    {r.completedDate ? ` ${r.completedDate}` : ''}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('client.timeline')}</h2>
            {timeline.elsewhere.contacts + timeline.elsewhere.referrals + timeline.elsewhere.ostEpisodes >
              0 && (
              <p className="field__hint">
                {t('client.elsewhere', {
                  count:
                    timeline.elsewhere.contacts +
                    timeline.elsewhere.referrals +
                    timeline.elsewhere.ostEpisodes,
                })}
              </p>
            )}
            <ol className="timeline">
              {timeline.contacts.map((c) => (
                <li key={c.id} className={`timeline__item timeline__item--${c.status}`}>
                  <div className="timeline__head">
                    <time dateTime={c.date}>{c.date}</time> · {c.site.name} · {t(`place.${c.placeType}`)}
                    {c.worker ? ` · ${c.worker}` : ''}
                    {c.status !== 'active' && (
                      <strong>
                        {' '}
                        —{' '}
                        {c.status === 'voided'
                          ? t('contact.statusVoided', { reason: t(`voidReason.${c.voidReason}`) })
                          : t('contact.statusSuperseded')}
                      </strong>
                    )}
                  </div>
                  <div>{describeItems(t, c.items) || t('contact.noItems')}</div>
                  {c.status === 'active' && can('contact.correct') && (
                    <div className="actions">
                      <button type="button" onClick={() => setCorrecting(c)}>
                        {t('contact.correct')}
                      </button>
                      <button type="button" className="danger" onClick={() => setVoiding(c)}>
                        {t('contact.void')}
                      </button>
                    </div>
                  )}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </section>
  );
}

function ProfileForm({
  client,
  sexes,
  kps,
  onDone,
}: {
  client: ClientSummary;
  sexes: string[];
  kps: string[];
  onDone: (saved: boolean) => Promise<void>;
}) {
  const { t } = useI18n();
  const [sex, setSex] = useState(client.sex);
  const [birthYear, setBirthYear] = useState(client.birthYear ? String(client.birthYear) : '');
  const [kp, setKp] = useState(client.kp ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await patch(`/clients/${client.id}`, {
        sex,
        birthYear: birthYear ? Number(birthYear) : null,
        kp: kp || null,
      });
      await onDone(true);
    } catch (err) {
      setErrors(fieldErrors(t, err));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('client.editProfile')}>
      <SelectField
        label={t('clients.sex')}
        value={sex}
        error={errors.sex}
        onChange={(e) => setSex(e.target.value)}
      >
        {sexes.map((s) => (
          <option key={s} value={s}>
            {t(`sex.${s}`)}
          </option>
        ))}
      </SelectField>
      <div className="field">
        <label htmlFor="profile-by">{t('clients.birthYear')}</label>
        <input
          id="profile-by"
          inputMode="numeric"
          maxLength={4}
          value={birthYear}
          onChange={(e) => setBirthYear(e.target.value.replace(/\D/g, ''))}
          aria-invalid={errors.birthYear ? true : undefined}
        />
        {errors.birthYear && <p className="field__error">{errors.birthYear}</p>}
      </div>
      <SelectField
        label={t('clients.kp')}
        value={kp}
        error={errors.kp}
        onChange={(e) => setKp(e.target.value)}
      >
        <option value="">—</option>
        {kps.map((k) => (
          <option key={k} value={k}>
            {t(`kp.${k}`)}
          </option>
        ))}
      </SelectField>
      <div className="actions">
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
        <button type="button" onClick={() => void onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function VoidForm({
  contact,
  onDone,
}: {
  contact: TimelineContact;
  onDone: (done: boolean) => Promise<void>;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('entered_in_error');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await post(`/contacts/${contact.id}/void`, { reason });
      await onDone(true);
    } catch (err) {
      setProblem(err instanceof ApiError ? localiseProblem(t, err) : String(err));
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="void-title">
      <h2 id="void-title">{t('contact.voidTitle', { date: contact.date })}</h2>
      <SelectField label={t('contact.voidReason')} value={reason} onChange={(e) => setReason(e.target.value)}>
        {VOID_REASONS.map((r) => (
          <option key={r} value={r}>
            {t(`voidReason.${r}`)}
          </option>
        ))}
      </SelectField>
      {problem && <Notice kind="error">{problem}</Notice>}
      <div className="actions">
        <button type="submit" className="danger">
          {t('contact.void')}
        </button>
        <button type="button" onClick={() => void onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
