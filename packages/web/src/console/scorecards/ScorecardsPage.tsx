/**
 * Community scorecards for those who run reviews (programme managers) and those who read them (site
 * managers, M&E officers): every site's latest score, visits to make and actions open or late; a
 * site's scorecard over time (a chart and the table behind it, per item and overall), clients'
 * feedback, the visits with the expert's notes (for those who run reviews), and the action items.
 */

import {
  ACTION_STATUSES,
  type ActionItem,
  type ActionStatus,
  type Band,
  type Checklist,
  itemWords,
  type ScorecardView,
  type ServiceReview,
  type ServiceReviewDetail,
  type SiteSummary,
} from '@harbour/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, api, download, get, patch, post, put } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { OrgUnitSelect } from '../../shared/OrgUnitSelect.js';
import { navigate, usePath } from '../../shared/router.js';
import { Field, Notice, PageTitle, SelectField } from '../../shared/ui.js';
import { useNotice } from '../../shared/use-notice.js';
import { Chart } from '../monitoring/Chart.js';
import { useUnits } from '../monitoring/ScopePicker.js';
import { useSession } from '../session.js';
import { BandChip, fmtScore, SitesTable } from './SitesTable.js';
import './scorecards.css';

const BAND_COLOUR: Record<Band, string> = { good: '#2e7d32', fair: '#f9a825', poor: '#c62828' };

export default function ScorecardsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const path = usePath();
  const siteCode = /^\/console\/scorecards\/([^/]+)$/.exec(path)?.[1];
  const [sites, setSites] = useState<SiteSummary[] | null>(null);
  const { notice, setNotice, fail } = useNotice();
  const load = useCallback(() => {
    get('/scorecards/sites')
      .then((r) => setSites(r.sites))
      .catch(fail);
  }, [fail]);
  useEffect(load, [load]);
  const manage = can('scorecard.manage');
  return (
    <section>
      <PageTitle>{t('scorecards.title')}</PageTitle>
      <p>{t('scorecards.intro')}</p>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {manage && (
        <AssignForm
          onDone={(text) => {
            setNotice({ kind: 'ok', text });
            load();
          }}
        />
      )}
      <SitesTable sites={sites} />
      {siteCode && (
        <SiteScorecard key={siteCode} code={decodeURIComponent(siteCode)} manage={manage} onChanged={load} />
      )}
    </section>
  );
}

function AssignForm({ onDone }: { onDone: (text: string) => void }) {
  const { t } = useI18n();
  const units = useUnits();
  const [site, setSite] = useState('');
  const [experts, setExperts] = useState<{ id: string; name: string }[]>([]);
  const [expertId, setExpertId] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!site) return;
    get(`/scorecards/visitors?site=${encodeURIComponent(site)}`)
      .then((r) => setExperts(r.experts))
      .catch(() => setExperts([]));
  }, [site]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const v = await post('/scorecards/visits', { site, expertId, dueOn });
      onDone(t('scorecards.assigned', { expert: v.expert.name, site: v.site.name }));
      setExpertId('');
    } catch (err) {
      setErrors(fieldErrors(t, err));
      if (err instanceof ApiError && !err.problem.errors?.length) setProblem(localiseProblem(t, err));
    }
  };
  return (
    <details className="panel">
      <summary>{t('scorecards.assign')}</summary>
      <form onSubmit={(e) => void submit(e)} aria-label={t('scorecards.assign')}>
        <p className="muted">{t('scorecards.assignIntro')}</p>
        {problem && <Notice kind="error">{problem}</Notice>}
        <OrgUnitSelect
          label={t('scorecards.site')}
          units={units}
          value={site}
          onChange={setSite}
          error={errors.site}
          first={<option value="">{t('scorecards.chooseSite')}</option>}
          required
        />
        <SelectField
          label={t('scorecards.expert')}
          value={expertId}
          onChange={(e) => setExpertId(e.target.value)}
          error={errors.expertId}
          required
        >
          <option value="">{t('scorecards.chooseExpert')}</option>
          {experts.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </SelectField>
        <Field
          label={t('scorecards.dueOn')}
          type="date"
          value={dueOn}
          error={errors.dueOn}
          onChange={(e) => setDueOn(e.target.value)}
          required
        />
        <button type="submit">{t('scorecards.assignButton')}</button>
      </form>
    </details>
  );
}

function SiteScorecard({
  code,
  manage,
  onChanged,
}: {
  code: string;
  manage: boolean;
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const [card, setCard] = useState<ScorecardView | null>(null);
  const [visits, setVisits] = useState<ServiceReview[]>([]);
  const { notice, fail } = useNotice();
  const load = useCallback(() => {
    get(`/scorecards/sites/${encodeURIComponent(code)}`)
      .then(setCard)
      .catch(fail);
    get(`/scorecards/visits?site=${encodeURIComponent(code)}`)
      .then((r) => setVisits(r.visits))
      .catch(fail);
  }, [code, fail]);
  useEffect(load, [load]);
  if (!card)
    return notice ? (
      <Notice kind={notice.kind}>{notice.text}</Notice>
    ) : (
      <p className="loading">{t('app.loading')}</p>
    );
  const name = (id: string) =>
    id === 'overall'
      ? t('scorecards.overall')
      : itemWords(card.checklist?.items.find((i) => i.id === id)?.label, locale) || id;
  const day = (d: string) => new Date(d).toLocaleDateString(locale);
  const option = {
    grid: { left: 40, right: 16, top: 16, bottom: 40 },
    xAxis: { type: 'category', data: card.visits.map((v) => day(v.visitedOn)) },
    yAxis: { type: 'value', min: 0, max: 5, interval: 1 },
    series: [
      {
        type: 'bar',
        data: card.visits.map((v) => ({
          value: v.overall === null ? null : Math.round(v.overall * 10) / 10,
          itemStyle: {
            color:
              v.overall === null
                ? '#999'
                : BAND_COLOUR[v.overall >= 4 ? 'good' : v.overall >= 2.5 ? 'fair' : 'poor'],
          },
        })),
        label: { show: true, position: 'top' },
      },
    ],
  };
  const changed = () => {
    load();
    onChanged();
  };
  return (
    <section aria-labelledby="site-title" className="panel">
      <h2 id="site-title">{t('scorecards.siteTitle', { site: card.site.name })}</h2>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <div className="visit-row">
        <button
          type="button"
          onClick={() =>
            void download(`/scorecards/sites/${encodeURIComponent(code)}/export?format=pdf`).catch(fail)
          }
        >
          {t('scorecards.downloadPdf')}
        </button>
        <button
          type="button"
          onClick={() =>
            void download(`/scorecards/sites/${encodeURIComponent(code)}/export?format=xlsx`).catch(fail)
          }
        >
          {t('scorecards.downloadXlsx')}
        </button>
        <button type="button" className="link" onClick={() => navigate('/console/scorecards')}>
          {t('scorecards.close')}
        </button>
      </div>
      {card.visits.length === 0 ? (
        <p>{t('scorecards.noVisits')}</p>
      ) : (
        <>
          <figure>
            <Chart
              option={option}
              label={t('scorecards.chartLabel', { site: card.site.name })}
              height={220}
            />
            <figcaption className="muted">{t('scorecards.chartCaption')}</figcaption>
          </figure>
          <table className="table scorecard-table">
            <caption>{t('scorecards.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('scorecards.col.item')}</th>
                {card.visits.map((v) => (
                  <th key={v.id} scope="col" className="num">
                    {day(v.visitedOn)}
                  </th>
                ))}
                <th scope="col">{t('scorecards.col.latest')}</th>
                <th scope="col" className="num">
                  {t('scorecards.col.change')}
                </th>
              </tr>
            </thead>
            <tbody>
              {[...card.items, card.overall].map((r) => (
                <tr key={r.id} className={r.id === 'overall' ? 'total' : undefined}>
                  <th scope="row">{name(r.id)}</th>
                  {r.scores.map((s, i) => (
                    <td key={card.visits[i]!.id} className="num">
                      {fmtScore(s, locale)}
                    </td>
                  ))}
                  <td>
                    <BandChip score={r.latest} band={r.band} />
                  </td>
                  <td className="num">
                    {r.change === null ? '' : `${r.change > 0 ? '+' : ''}${fmtScore(r.change, locale)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {card.feedback.asked > 0 && <p>{t('scorecards.feedback', card.feedback)}</p>}
        </>
      )}
      <Visits visits={visits} manage={manage} onChanged={changed} fail={fail} />
      <Actions
        card={card}
        mayAct={can('scorecard.act') || manage}
        manage={manage}
        visits={visits}
        onChanged={changed}
      />
      {manage && <ChecklistEditor code={code} onSaved={changed} />}
    </section>
  );
}

function Visits({
  visits,
  manage,
  onChanged,
  fail,
}: {
  visits: ServiceReview[];
  manage: boolean;
  onChanged: () => void;
  fail: (e: unknown) => void;
}) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState<ServiceReviewDetail | null>(null);
  if (visits.length === 0) return null;
  return (
    <>
      <table className="table">
        <caption>{t('scorecards.visits')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('scorecards.expert')}</th>
            <th scope="col">{t('scorecards.col.state')}</th>
            <th scope="col">{t('scorecards.col.latest')}</th>
            {manage && <th scope="col">{t('scorecards.col.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {visits.map((v) => (
            <tr key={v.id}>
              <td>{v.expert.name}</td>
              <td>
                {v.state === 'submitted'
                  ? t('scorecards.visitMade', { day: new Date(v.visitedOn!).toLocaleDateString(locale) })
                  : t('scorecards.visitDue', { day: new Date(v.dueOn).toLocaleDateString(locale) })}
              </td>
              <td>{v.overall === null ? '—' : fmtScore(v.overall, locale)}</td>
              {manage && (
                <td>
                  {v.state === 'submitted' ? (
                    <button
                      type="button"
                      className="link"
                      onClick={() => void get(`/scorecards/visits/${v.id}`).then(setOpen).catch(fail)}
                    >
                      {t('scorecards.readNotes')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="link"
                      onClick={() =>
                        void api('DELETE', `/scorecards/visits/${v.id}`).then(onChanged).catch(fail)
                      }
                    >
                      {t('scorecards.withdraw')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <div className="panel" aria-live="polite">
          <h3>{t('scorecards.notesTitle', { expert: open.expert.name })}</h3>
          <dl className="grants-facts">
            {open.checklist.items
              .filter((i) => open.notes[i.id])
              .map((i) => (
                <div key={i.id}>
                  <dt>{itemWords(i.label, locale)}</dt>
                  <dd>{open.notes[i.id]}</dd>
                </div>
              ))}
          </dl>
          {open.summary && <p className="pre">{open.summary}</p>}
        </div>
      )}
    </>
  );
}

function Actions({
  card,
  mayAct,
  manage,
  visits,
  onChanged,
}: {
  card: ScorecardView;
  mayAct: boolean;
  manage: boolean;
  visits: ServiceReview[];
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [rowError, setRowError] = useState<Record<string, string>>({});
  const lastVisit = visits.filter((v) => v.state === 'submitted').at(-1)?.id ?? '';
  const [form, setForm] = useState({ item: '', action: '', owner: '', dueOn: '' });
  const move = async (a: ActionItem, status: ActionStatus) => {
    setRowError({});
    // Said here first, in the user's language; the server refuses it too.
    if (status === 'dropped' && !notes[a.id]?.trim()) {
      setRowError({ [a.id]: t('scorecards.dropNeedsNote') });
      return;
    }
    try {
      await patch(`/scorecards/actions/${a.id}`, { status, ...(notes[a.id] ? { note: notes[a.id] } : {}) });
      onChanged();
    } catch (err) {
      const e = fieldErrors(t, err);
      setRowError({
        [a.id]:
          e.note ??
          e.status ??
          (err instanceof ApiError ? localiseProblem(t, err) : t('app.serverUnreachable')),
      });
    }
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      await post('/scorecards/actions', {
        site: card.site.code,
        ...(lastVisit ? { reviewId: lastVisit } : {}),
        ...(form.item ? { item: form.item } : {}),
        action: form.action,
        owner: form.owner,
        dueOn: form.dueOn,
      });
      setForm({ item: '', action: '', owner: '', dueOn: '' });
      onChanged();
    } catch (err) {
      setErrors(fieldErrors(t, err));
    }
  };
  return (
    <>
      <h3>{t('scorecards.actions')}</h3>
      {card.actions.length === 0 ? (
        <p>{t('scorecards.noActions')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('scorecards.actions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('scorecards.col.action')}</th>
              <th scope="col">{t('scorecards.col.owner')}</th>
              <th scope="col">{t('scorecards.col.due')}</th>
              <th scope="col">{t('scorecards.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {card.actions.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.item && (
                    <span className="muted">
                      {itemWords(card.checklist?.items.find((i) => i.id === a.item)?.label, locale) || a.item}
                      :{' '}
                    </span>
                  )}
                  {a.action}
                  {a.note && <p className="muted">{a.note}</p>}
                </td>
                <td>{a.owner}</td>
                <td>
                  {new Date(a.dueOn).toLocaleDateString(locale)}
                  {a.overdue && <strong> · {t('scorecards.late')}</strong>}
                </td>
                <td>
                  {mayAct ? (
                    <>
                      <SelectField
                        label={t('scorecards.statusOf', { action: a.action.slice(0, 40) })}
                        value={a.status}
                        onChange={(e) => void move(a, e.target.value as ActionStatus)}
                        error={rowError[a.id]}
                      >
                        {ACTION_STATUSES.map((s) => (
                          <option key={s} value={s}>
                            {t(`scorecards.status.${s}`)}
                          </option>
                        ))}
                      </SelectField>
                      <Field
                        label={t('scorecards.actionNote')}
                        value={notes[a.id] ?? ''}
                        onChange={(e) => setNotes({ ...notes, [a.id]: e.target.value })}
                      />
                    </>
                  ) : (
                    t(`scorecards.status.${a.status}`)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manage && (
        <form onSubmit={(e) => void add(e)} className="panel" aria-labelledby="add-action">
          <h4 id="add-action">{t('scorecards.addAction')}</h4>
          <SelectField
            label={t('scorecards.col.item')}
            value={form.item}
            onChange={(e) => setForm({ ...form, item: e.target.value })}
            error={errors.item}
          >
            <option value="">{t('scorecards.anyItem')}</option>
            {card.checklist?.items.map((i) => (
              <option key={i.id} value={i.id}>
                {itemWords(i.label, locale)}
              </option>
            ))}
          </SelectField>
          <Field
            label={t('scorecards.col.action')}
            value={form.action}
            error={errors.action}
            required
            onChange={(e) => setForm({ ...form, action: e.target.value })}
          />
          <Field
            label={t('scorecards.col.owner')}
            hint={t('scorecards.ownerHint')}
            value={form.owner}
            error={errors.owner}
            required
            onChange={(e) => setForm({ ...form, owner: e.target.value })}
          />
          <Field
            label={t('scorecards.col.due')}
            type="date"
            value={form.dueOn}
            error={errors.dueOn}
            required
            onChange={(e) => setForm({ ...form, dueOn: e.target.value })}
          />
          <button type="submit">{t('scorecards.addActionButton')}</button>
        </form>
      )}
    </>
  );
}

function ChecklistEditor({ code, onSaved }: { code: string; onSaved: () => void }) {
  const { t, locale } = useI18n();
  const [list, setList] = useState<Checklist | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    get(`/scorecards/checklist?unit=${encodeURIComponent(code)}`)
      .then(setList)
      .catch(() => undefined);
  }, [code]);
  if (!list) return null;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      setList(
        await put('/scorecards/checklist', {
          unit: list.unit,
          name: list.name,
          items: list.items,
        }),
      );
      setSaved(true);
      onSaved();
    } catch (err) {
      setProblem(err instanceof ApiError ? localiseProblem(t, err) : t('app.serverUnreachable'));
    }
  };
  const setLabel = (i: number, text: string) =>
    setList({
      ...list,
      items: list.items.map((it, j) =>
        j === i
          ? { ...it, label: { ...it.label, [locale]: text, ...(it.label.en ? {} : { en: text }) } }
          : it,
      ),
    });
  return (
    <details className="panel">
      <summary>{t('scorecards.checklist', { name: list.name })}</summary>
      <form onSubmit={(e) => void save(e)}>
        <p className="muted">{t('scorecards.checklistIntro', { unit: list.unit })}</p>
        {problem && <Notice kind="error">{problem}</Notice>}
        {saved && <Notice kind="ok">{t('scorecards.checklistSaved')}</Notice>}
        <ol>
          {list.items.map((it, i) => (
            <li key={it.id}>
              <Field
                label={t('scorecards.itemLabel', { n: i + 1 })}
                value={itemWords(it.label, locale)}
                onChange={(e) => setLabel(i, e.target.value)}
              />
              <button
                type="button"
                className="link"
                onClick={() => setList({ ...list, items: list.items.filter((_, j) => j !== i) })}
              >
                {t('scorecards.removeItem')}
              </button>
            </li>
          ))}
        </ol>
        <button
          type="button"
          onClick={() =>
            setList({
              ...list,
              items: [
                ...list.items,
                {
                  id: `item_${list.items.length + 1}_${Date.now() % 1000}`,
                  label: { en: t('scorecards.newItem') },
                },
              ],
            })
          }
        >
          {t('scorecards.addItem')}
        </button>{' '}
        <button type="submit">{t('scorecards.saveChecklist')}</button>
      </form>
    </details>
  );
}
