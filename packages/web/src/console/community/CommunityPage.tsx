/**
 * Drug-user groups and networks: a map of how many groups each country has, a table with filters
 * (country, kind, seats), and — for the directory's keepers — adding, changing and removing an entry.
 * Readers of the directory see the contacts groups share; everyone else the publicly listed groups.
 */

import {
  type CommunityGroup,
  type CommunityGroupInput,
  type CountrySummary,
  GROUP_KINDS,
  GROUP_STATUSES,
  MEMBERSHIP_BANDS,
  SEATS,
} from '@harbour/core';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, api, download, get, getUndeclared, post, put } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { OrgUnitSelect } from '../../shared/OrgUnitSelect.js';
import { Field, Notice, PageTitle, SelectField } from '../../shared/ui.js';
import { useNotice } from '../../shared/use-notice.js';
import { countryName } from '../advocacy/advocacy-format.js';
import { Chart, type MapSource } from '../monitoring/Chart.js';
import { useUnits } from '../monitoring/ScopePicker.js';
import { useSession } from '../session.js';

type Filter = { country: string; kind: string; seat: string };

const EMPTY: CommunityGroupInput = {
  keeper: '',
  name: '',
  country: '',
  region: '',
  kind: 'group',
  status: 'informal',
  languages: [],
  contact: '',
  listedPublicly: false,
  nationalSeat: 'none',
  ccmSeat: 'none',
  smallGrant: false,
  notes: '',
};

export default function CommunityPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const mayManage = session.can('network.manage');
  const [filter, setFilter] = useState<Filter>({ country: '', kind: '', seat: '' });
  const [groups, setGroups] = useState<CommunityGroup[] | null>(null);
  const [countries, setCountries] = useState<CountrySummary[]>([]);
  const [world, setWorld] = useState<MapSource | null>(null);
  const [editing, setEditing] = useState<{ id: string | null; form: CommunityGroupInput } | null>(null);
  const { notice, setNotice, fail } = useNotice();
  const query = useMemo(() => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    return q.toString();
  }, [filter]);
  const load = useCallback(() => {
    getUndeclared<{ groups: CommunityGroup[] }>(query ? `/community/groups?${query}` : '/community/groups')
      .then((r) => setGroups(r.groups))
      .catch(fail);
    get('/community/countries')
      .then((r) => setCountries(r.countries))
      .catch(fail);
  }, [query, fail]);
  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    void import('../advocacy/world.js').then(async ({ worldGeoJson }) =>
      setWorld({ name: 'harbour-world', geoJSON: await worldGeoJson() }),
    );
  }, []);
  const seat = (s: string) => t(`community.seat.${s}`);
  const option = useMemo(
    () => ({
      animation: false,
      aria: { enabled: true },
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; data?: CountrySummary }) =>
          p.data
            ? t('community.mapTip', {
                country: countryName(locale, p.name),
                groups: p.data.groups,
                national: p.data.nationalSeats,
                ccm: p.data.ccmSeats,
              })
            : countryName(locale, p.name),
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max: Math.max(1, ...countries.map((c) => c.groups)),
        inRange: { color: ['#fde0c5', '#0072B2'] },
        outOfRange: { color: '#d0d4d8' },
        calculable: false,
        left: 8,
        bottom: 8,
      },
      series: [
        {
          type: 'map',
          map: 'harbour-world',
          roam: false,
          emphasis: { label: { show: false } },
          itemStyle: { areaColor: '#d0d4d8', borderColor: '#fff', borderWidth: 0.5 },
          data: countries.map((c) => ({ ...c, name: c.country, value: c.groups })),
        },
      ],
    }),
    [countries, locale, t],
  );
  const remove = async (g: CommunityGroup) => {
    if (!window.confirm(t('community.removeConfirm', { name: g.name }))) return;
    try {
      await api('DELETE', `/community/groups/${g.id}`);
      setNotice({ kind: 'ok', text: t('community.removed', { name: g.name }) });
      load();
    } catch (e) {
      fail(e);
    }
  };
  return (
    <section>
      <PageTitle>{t('community.title')}</PageTitle>
      <p>{t(session.can('network.read') ? 'community.introReader' : 'community.introPublic')}</p>
      {world && (
        <Chart
          option={option}
          map={world}
          height={360}
          label={t('community.mapLabel', { count: countries.length })}
        />
      )}
      <table className="table table--numbers">
        <caption>{t('community.byCountry')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('community.country')}</th>
            <th scope="col">{t('community.groups')}</th>
            <th scope="col">{t('community.networks')}</th>
            <th scope="col">{t('community.nationalSeats')}</th>
            <th scope="col">{t('community.ccmSeats')}</th>
            <th scope="col">{t('community.smallGrants')}</th>
          </tr>
        </thead>
        <tbody>
          {countries.map((c) => (
            <tr key={c.country}>
              <th scope="row">{countryName(locale, c.country)}</th>
              <td>{c.groups}</td>
              <td>{c.networks}</td>
              <td>{c.nationalSeats}</td>
              <td>{c.ccmSeats}</td>
              <td>{c.smallGrants}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('community.filters')}>
        <SelectField
          label={t('community.country')}
          value={filter.country}
          onChange={(e) => setFilter({ ...filter, country: e.target.value })}
        >
          <option value="">{t('community.any')}</option>
          {countries.map((c) => (
            <option key={c.country} value={c.country}>
              {countryName(locale, c.country)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('community.kind')}
          value={filter.kind}
          onChange={(e) => setFilter({ ...filter, kind: e.target.value })}
        >
          <option value="">{t('community.any')}</option>
          {GROUP_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`community.kind.${k}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('community.seatFilter')}
          value={filter.seat}
          onChange={(e) => setFilter({ ...filter, seat: e.target.value })}
        >
          <option value="">{t('community.any')}</option>
          <option value="national">{t('community.nationalSeats')}</option>
          <option value="ccm">{t('community.ccmSeats')}</option>
        </SelectField>
      </form>
      <p>
        <button
          type="button"
          className="link"
          onClick={() => void download(`/community/groups?${query ? `${query}&` : ''}format=csv`).catch(fail)}
        >
          {t('community.csv')}
        </button>
        {mayManage && (
          <>
            {' · '}
            <button
              type="button"
              className="link"
              onClick={() => setEditing({ id: null, form: { ...EMPTY } })}
            >
              {t('community.add')}
            </button>
          </>
        )}
      </p>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {editing && (
        <GroupForm
          editing={editing}
          onDone={(saved) => {
            setEditing(null);
            if (saved) {
              setNotice({ kind: 'ok', text: t('community.saved', { name: saved }) });
              load();
            }
          }}
        />
      )}
      {groups === null ? (
        <p className="loading">{t('app.loading')}</p>
      ) : (
        <table className="table">
          <caption>{t('community.list', { count: groups.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('community.name')}</th>
              <th scope="col">{t('community.where')}</th>
              <th scope="col">{t('community.kind')}</th>
              <th scope="col">{t('community.nationalSeat')}</th>
              <th scope="col">{t('community.ccmSeat')}</th>
              <th scope="col">{t('community.contact')}</th>
              {mayManage && <th scope="col">{t('community.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.id}>
                <th scope="row">
                  {g.name}
                  {g.smallGrant && <span className="muted"> · {t('community.smallGrant')}</span>}
                  {g.grant && (
                    <span className="muted">
                      {' '}
                      (
                      {t('community.grantOf', {
                        call: g.grant.call,
                        amount: g.grant.amount ?? '—',
                        currency: g.grant.currency,
                      })}
                      )
                    </span>
                  )}
                </th>
                <td>
                  {countryName(locale, g.country)}
                  {g.region ? `, ${g.region}` : ''}
                </td>
                <td>
                  {t(`community.kind.${g.kind}`)} ({t(`community.status.${g.status}`)})
                </td>
                <td>{seat(g.nationalSeat)}</td>
                <td>{seat(g.ccmSeat)}</td>
                <td>{g.contact ?? '—'}</td>
                {mayManage && (
                  <td>
                    {g.view === 'full' ? (
                      <>
                        <button
                          type="button"
                          className="link"
                          aria-label={t('community.editOf', { name: g.name })}
                          onClick={() =>
                            setEditing({
                              id: g.id,
                              form: {
                                keeper: g.keeper,
                                name: g.name,
                                country: g.country,
                                region: g.region ?? '',
                                kind: g.kind,
                                status: g.status,
                                ...(g.founded ? { founded: g.founded } : {}),
                                ...(g.membership ? { membership: g.membership } : {}),
                                languages: g.languages,
                                contact: g.contact ?? '',
                                listedPublicly: g.listedPublicly,
                                nationalSeat: g.nationalSeat,
                                ccmSeat: g.ccmSeat,
                                smallGrant: g.smallGrant,
                                notes: g.notes ?? '',
                              },
                            })
                          }
                        >
                          {t('community.edit')}
                        </button>
                        {' · '}
                        <button
                          type="button"
                          className="link"
                          aria-label={t('community.removeOf', { name: g.name })}
                          onClick={() => void remove(g)}
                        >
                          {t('community.remove')}
                        </button>
                      </>
                    ) : null}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function GroupForm({
  editing,
  onDone,
}: {
  editing: { id: string | null; form: CommunityGroupInput };
  onDone: (saved: string | null) => void;
}) {
  const { t } = useI18n();
  const units = useUnits();
  const [form, setForm] = useState<CommunityGroupInput>({
    ...editing.form,
    keeper: editing.form.keeper || units[0]?.code || '',
  });
  const [languages, setLanguages] = useState((editing.form.languages ?? []).join(', '));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const set = (patch: Partial<CommunityGroupInput>) => setForm({ ...form, ...patch });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setProblem(null);
    const body = {
      ...form,
      keeper: form.keeper || units[0]?.code || '',
      languages: languages
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
      region: form.region || undefined,
      contact: form.contact || undefined,
      notes: form.notes || undefined,
    };
    try {
      if (editing.id) await put(`/community/groups/${editing.id}`, body);
      else await post('/community/groups', body);
      onDone(form.name);
    } catch (err) {
      setErrors(fieldErrors(t, err));
      setProblem(err instanceof ApiError ? localiseProblem(t, err) : String(err));
    }
  };
  const choice = (
    key: 'kind' | 'status' | 'nationalSeat' | 'ccmSeat' | 'membership',
    values: readonly string[],
    prefix: string,
  ) => (
    <SelectField
      label={t(`community.${key}`)}
      value={form[key] ?? ''}
      error={errors[key]}
      onChange={(e) => set({ [key]: e.target.value || undefined } as Partial<CommunityGroupInput>)}
    >
      {key === 'membership' && <option value="">{t('community.unknown')}</option>}
      {values.map((v) => (
        <option key={v} value={v}>
          {t(`${prefix}.${v}`)}
        </option>
      ))}
    </SelectField>
  );
  return (
    <form className="panel" onSubmit={(e) => void save(e)} aria-labelledby="group-form-title" noValidate>
      <h2 id="group-form-title">{editing.id ? t('community.editTitle') : t('community.add')}</h2>
      <OrgUnitSelect
        label={t('community.keeper')}
        units={units}
        value={form.keeper}
        onChange={(keeper) => set({ keeper })}
      />
      <Field
        label={t('community.name')}
        value={form.name}
        error={errors.name}
        onChange={(e) => set({ name: e.target.value })}
      />
      <Field
        label={t('community.country')}
        hint={t('community.countryHint')}
        maxLength={2}
        value={form.country}
        error={errors.country}
        onChange={(e) => set({ country: e.target.value.toUpperCase() })}
      />
      <Field
        label={t('community.region')}
        hint={t('community.regionHint')}
        value={form.region ?? ''}
        error={errors.region}
        onChange={(e) => set({ region: e.target.value })}
      />
      {choice('kind', GROUP_KINDS, 'community.kind')}
      {choice('status', GROUP_STATUSES, 'community.status')}
      <Field
        label={t('community.founded')}
        type="number"
        value={form.founded ?? ''}
        error={errors.founded}
        onChange={(e) => set({ founded: e.target.value ? Number(e.target.value) : undefined })}
      />
      {choice('membership', MEMBERSHIP_BANDS, 'community.membership')}
      <Field
        label={t('community.languages')}
        hint={t('community.languagesHint')}
        value={languages}
        error={errors.languages}
        onChange={(e) => setLanguages(e.target.value)}
      />
      {choice('nationalSeat', SEATS, 'community.seat')}
      {choice('ccmSeat', SEATS, 'community.seat')}
      <Field
        label={t('community.contact')}
        hint={t('community.contactHint')}
        value={form.contact ?? ''}
        error={errors.contact}
        onChange={(e) => set({ contact: e.target.value })}
      />
      <Field
        label={t('community.notes')}
        hint={t('community.notesHint')}
        value={form.notes ?? ''}
        error={errors.notes}
        onChange={(e) => set({ notes: e.target.value })}
      />
      <div className="field">
        <label>
          <input
            type="checkbox"
            checked={Boolean(form.smallGrant)}
            onChange={(e) => set({ smallGrant: e.target.checked })}
          />{' '}
          {t('community.smallGrant')}
        </label>
      </div>
      <div className="field">
        <label>
          <input
            type="checkbox"
            checked={Boolean(form.listedPublicly)}
            onChange={(e) => set({ listedPublicly: e.target.checked })}
          />{' '}
          {t('community.listedPublicly')}
        </label>
      </div>
      <button type="submit" className="primary">
        {t('community.save')}
      </button>{' '}
      <button type="button" onClick={() => onDone(null)}>
        {t('community.cancel')}
      </button>
      {problem && <Notice kind="error">{problem}</Notice>}
    </form>
  );
}
