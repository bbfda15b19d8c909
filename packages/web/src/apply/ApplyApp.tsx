/**
 * A call's public page, for community groups on a phone: what the call funds and who may apply, the
 * form (no account, no legal names — a contact the group chooses), then the private link to come back
 * with: to change the application until the deadline, see the screening and the decision, and send the
 * reports an awarded grant owes. The call's own words come in the call's languages; the page's in ours.
 */

import { type ApplicantView, type FormField, inLanguage, type PublicCall } from '@harbour/core';
import { type FormEvent, type ReactElement, useEffect, useState } from 'react';
import { UI_LOCALES, type UiLocale, useI18n } from '../i18n/i18n.js';
import { ApiError } from '../shared/api.js';
import {
  changeApplication,
  loadApplication,
  loadCall,
  sendApplication,
  sendFile,
  sendReport,
} from './link-api.js';

const callIdOf = () => /^\/apply\/([0-9a-f-]{36})\/?$/.exec(location.pathname)?.[1] ?? null;
const linkOf = () => /(?:^#|&)link=([A-Za-z0-9_-]{20,100})/.exec(location.hash)?.[1] ?? null;

type Answers = Record<string, string>;
interface Draft {
  group: string;
  contact: string;
  country: string;
  amount: string;
  summary: string;
  answers: Answers;
}

export function ApplyApp() {
  const { t, locale, setLocale } = useI18n();
  const callId = callIdOf();
  const [token, setToken] = useState<string | null>(linkOf);
  const [call, setCall] = useState<PublicCall | null>(null);
  const [mine, setMine] = useState<ApplicantView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [justSent, setJustSent] = useState(false);

  useEffect(() => {
    if (!callId) return setProblem(t('apply.noCall'));
    void loadCall(callId)
      .then(setCall)
      .catch(() => setProblem(t('apply.noCall')));
  }, [callId, t]);
  useEffect(() => {
    if (!token) return;
    void loadApplication(token)
      .then(setMine)
      .catch((e) =>
        setProblem(e instanceof ApiError && e.status === 404 ? t('apply.badLink') : t('apply.offline')),
      );
  }, [token, t]);
  // The page speaks one of the call's languages when it can.
  useEffect(() => {
    if (call && !call.languages.includes(locale as never)) {
      const first = call.languages.find((l) => UI_LOCALES.some((u) => u.code === l));
      if (first) setLocale(first as UiLocale);
    }
  }, [call, locale, setLocale]);

  if (problem)
    return (
      <main className="a-app">
        <p role="alert" className="a-error">
          {problem}
        </p>
      </main>
    );
  if (!call) return <p className="a-app">{t('apply.loading')}</p>;
  const w = (words: Partial<Record<string, string>>) => inLanguage(words, locale);
  const languages = UI_LOCALES.filter((u) => call.languages.includes(u.code as never) || u.code === 'en');
  return (
    <main className="a-app">
      {languages.length > 1 && (
        <nav className="a-langs" aria-label={t('apply.language')}>
          {languages.map((l) => (
            <button
              key={l.code}
              type="button"
              lang={l.code}
              aria-pressed={l.code === locale}
              onClick={() => setLocale(l.code)}
            >
              {l.name}
            </button>
          ))}
        </nav>
      )}
      <h1>{w(call.title)}</h1>
      {!mine && (
        <>
          <p className="a-pre">{w(call.description)}</p>
          <h2>{t('apply.whoMayApply')}</h2>
          <p className="a-pre">{w(call.eligibility)}</p>
          <p>
            {t('apply.amounts', { min: call.minGrant, max: call.maxGrant, currency: call.currency })}
            <br />
            {t('apply.deadline', { when: new Date(call.closesAt).toLocaleString(locale) })}
          </p>
          <details>
            <summary>{t('apply.howScored')}</summary>
            <ul>
              {call.criteria.map((c) => (
                <li key={c.id}>{w(c.label)}</li>
              ))}
            </ul>
          </details>
        </>
      )}
      {mine && token && justSent && <PrivateLink callId={call.id} token={token} />}
      {mine && token && <Status view={mine} w={w} token={token} onChange={setMine} />}
      {call.phase === 'upcoming' && !mine && (
        <p className="a-note">
          {t('apply.notYetOpen', { when: new Date(call.opensAt).toLocaleString(locale) })}
        </p>
      )}
      {call.phase === 'closed' && !mine && <p className="a-note">{t('apply.closed')}</p>}
      {call.phase === 'open' && (!mine || mine.editable) && (
        <ApplicationForm
          call={call}
          w={w}
          existing={mine}
          onSaved={(view, newToken) => {
            if (newToken) {
              history.replaceState(null, '', `${location.pathname}#link=${newToken}`);
              setToken(newToken);
              setJustSent(true);
            }
            setMine(view);
            window.scrollTo(0, 0);
          }}
          token={token}
        />
      )}
    </main>
  );
}

function PrivateLink({ callId, token }: { callId: string; token: string }) {
  const { t } = useI18n();
  const url = `${location.origin}/apply/${callId}#link=${token}`;
  const [copied, setCopied] = useState(false);
  return (
    <section className="a-link" aria-labelledby="link-title">
      <h2 id="link-title">{t('apply.linkTitle')}</h2>
      <p>{t('apply.linkWhy')}</p>
      <label htmlFor="private-link">{t('apply.linkLabel')}</label>
      <input id="private-link" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      <button
        type="button"
        onClick={() =>
          void navigator.clipboard
            ?.writeText(url)
            .then(() => setCopied(true))
            .catch(() => setCopied(false))
        }
      >
        {copied ? t('apply.copied') : t('apply.copy')}
      </button>
      <p className="a-warn">{t('apply.linkSecret')}</p>
    </section>
  );
}

type Words = (w: Partial<Record<string, string>>) => string;

function ApplicationForm({
  call,
  w,
  existing,
  token,
  onSaved,
}: {
  call: PublicCall;
  w: Words;
  existing: ApplicantView | null;
  token: string | null;
  onSaved: (view: ApplicantView, token?: string) => void;
}) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => ({
    group: existing?.group ?? '',
    contact: existing?.contact ?? '',
    country: existing?.country ?? (call.countries.length === 1 ? call.countries[0]! : ''),
    amount: existing?.amount ?? '',
    summary: existing?.summary ?? '',
    answers: Object.fromEntries(Object.entries(existing?.answers ?? {}).map(([k, v]) => [k, String(v)])),
  }));
  const [files, setFiles] = useState<Record<string, File>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const set = (k: keyof Draft, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const fail = (e: unknown) => {
    if (!(e instanceof ApiError)) return setErrors({ form: t('apply.offline') });
    const out: Record<string, string> = {};
    for (const x of e.problem.errors ?? []) out[x.field] ??= explain(x.field, x.rule, x.message);
    if (e.status === 413) out.file ??= t('apply.rule.tooBig');
    if (Object.keys(out).length === 0) out.form = e.status === 429 ? t('apply.tooMany') : t('apply.offline');
    setErrors(out);
  };
  const explain = (field: string, rule: string, message: string) => {
    if (rule === 'deadline') return t('apply.closed');
    if (field === 'amount' && rule === 'range')
      return t('apply.amounts', { min: call.minGrant, max: call.maxGrant, currency: call.currency });
    const key = `apply.rule.${rule}`;
    const text = t(key);
    return text === key ? message : text;
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    const body = {
      ...draft,
      answers: Object.fromEntries(Object.entries(draft.answers).filter(([, v]) => v.trim() !== '')),
      language: locale,
    };
    setBusy(t('apply.sending'));
    try {
      let view: ApplicantView;
      let link = token;
      if (token && existing) view = await changeApplication(token, body);
      else {
        const r = await sendApplication(call.id, body);
        view = r.application;
        link = r.token;
      }
      for (const [field, file] of Object.entries(files)) {
        setBusy(t('apply.sendingFile', { name: file.name }));
        setProgress(0);
        try {
          view = await sendFile(link!, field, file, setProgress);
        } catch (err) {
          onSaved(view, token ? undefined : link!);
          fail(err);
          setErrors((x) => ({ ...x, [`answers.${field}`]: x.file ?? x.form ?? t('apply.offline') }));
          return;
        }
      }
      setFiles({});
      onSaved(view, token ? undefined : link!);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };
  const own = (f: FormField) => {
    const id = `q-${f.id}`;
    const err = errors[`answers.${f.id}`];
    const label = (
      <label htmlFor={id}>
        {w(f.label)}
        {f.required ? ` (${t('apply.required')})` : ''}
      </label>
    );
    const help = f.help ? (
      <p className="a-hint" id={`${id}-hint`}>
        {w(f.help)}
      </p>
    ) : null;
    // Screen readers read the hint, the kinds of file taken and the error with the field itself.
    const aria = {
      'aria-describedby':
        [f.help && `${id}-hint`, f.kind === 'file' && `${id}-kinds`, err && `${id}-error`]
          .filter(Boolean)
          .join(' ') || undefined,
      'aria-invalid': err ? true : undefined,
    };
    const value = draft.answers[f.id] ?? '';
    const setA = (v: string) => setDraft((d) => ({ ...d, answers: { ...d.answers, [f.id]: v } }));
    let input: ReactElement;
    if (f.kind === 'text')
      input = (
        <textarea
          id={id}
          {...aria}
          value={value}
          maxLength={f.maxLength ?? 4000}
          rows={4}
          onChange={(e) => setA(e.target.value)}
        />
      );
    else if (f.kind === 'choice')
      input = (
        <select id={id} {...aria} value={value} onChange={(e) => setA(e.target.value)}>
          <option value="">—</option>
          {f.options?.map((o) => (
            <option key={o.id} value={o.id}>
              {w(o.label)}
            </option>
          ))}
        </select>
      );
    else if (f.kind === 'file') {
      const sent = existing?.files.find((x) => x.field === f.id);
      input = (
        <>
          {sent && (
            <p className="a-hint">
              {t('apply.fileSent', { name: sent.name, kb: Math.ceil(sent.size / 1024) })}
            </p>
          )}
          <input
            id={id}
            {...aria}
            type="file"
            accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.txt"
            onChange={(e) => {
              const file = e.target.files?.[0];
              setFiles((x) => {
                const { [f.id]: _gone, ...rest } = x;
                return file ? { ...rest, [f.id]: file } : rest;
              });
            }}
          />
          <p className="a-hint" id={`${id}-kinds`}>
            {t('apply.fileKinds')}
          </p>
        </>
      );
    } else
      input = (
        <input
          id={id}
          {...aria}
          inputMode="decimal"
          value={value}
          onChange={(e) => setA(e.target.value)}
          autoComplete="off"
        />
      );
    return (
      <div className={`a-field${err ? ' a-field--error' : ''}`} key={f.id}>
        {label}
        {help}
        {input}
        {err && (
          <p className="a-error" role="alert" id={`${id}-error`}>
            {err}
          </p>
        )}
      </div>
    );
  };
  const plain = (k: keyof Draft, props: { long?: boolean; hint?: string; numeric?: boolean } = {}) => {
    const err = errors[k];
    const aria = {
      'aria-describedby':
        [props.hint && `a-${k}-hint`, err && `a-${k}-error`].filter(Boolean).join(' ') || undefined,
      'aria-invalid': err ? true : undefined,
    };
    return (
      <div className={`a-field${err ? ' a-field--error' : ''}`}>
        <label htmlFor={`a-${k}`}>{t(`apply.field.${k}`)}</label>
        {props.hint && (
          <p className="a-hint" id={`a-${k}-hint`}>
            {props.hint}
          </p>
        )}
        {props.long ? (
          <textarea
            id={`a-${k}`}
            {...aria}
            rows={5}
            value={draft[k] as string}
            onChange={(e) => set(k, e.target.value)}
            maxLength={4000}
          />
        ) : (
          <input
            id={`a-${k}`}
            {...aria}
            value={draft[k] as string}
            onChange={(e) => set(k, e.target.value)}
            inputMode={props.numeric ? 'decimal' : undefined}
            autoComplete="off"
          />
        )}
        {err && (
          <p className="a-error" role="alert" id={`a-${k}-error`}>
            {err}
          </p>
        )}
      </div>
    );
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="form-title">
      <h2 id="form-title">{existing ? t('apply.changeTitle') : t('apply.formTitle')}</h2>
      <p className="a-hint">{t('apply.noNames')}</p>
      {plain('group', { hint: t('apply.hint.group') })}
      {plain('contact', { hint: t('apply.hint.contact') })}
      {call.countries.length > 0 ? (
        <div className={`a-field${errors.country ? ' a-field--error' : ''}`}>
          <label htmlFor="a-country">{t('apply.field.country')}</label>
          <select id="a-country" value={draft.country} onChange={(e) => set('country', e.target.value)}>
            <option value="">—</option>
            {call.countries.map((c) => (
              <option key={c} value={c}>
                {new Intl.DisplayNames([locale], { type: 'region' }).of(c) ?? c}
              </option>
            ))}
          </select>
          {errors.country && (
            <p className="a-error" role="alert">
              {errors.country}
            </p>
          )}
        </div>
      ) : (
        plain('country', { hint: t('apply.hint.country') })
      )}
      {plain('amount', {
        numeric: true,
        hint: t('apply.amounts', { min: call.minGrant, max: call.maxGrant, currency: call.currency }),
      })}
      {plain('summary', { long: true, hint: t('apply.hint.summary') })}
      {call.form.map(own)}
      {errors.form && (
        <p className="a-error" role="alert">
          {errors.form}
        </p>
      )}
      {busy && (
        <p role="status">
          {busy}
          {progress !== null && (
            <progress value={progress} max={1} aria-label={busy}>
              {Math.round(progress * 100)}%
            </progress>
          )}
        </p>
      )}
      <button type="submit" className="a-primary" disabled={busy !== null}>
        {existing ? t('apply.saveChanges') : t('apply.send')}
      </button>
    </form>
  );
}

function Status({
  view,
  w,
  token,
  onChange,
}: {
  view: ApplicantView;
  w: Words;
  token: string;
  onChange: (v: ApplicantView) => void;
}) {
  const { t, locale } = useI18n();
  const day = (iso: string) => new Date(iso).toLocaleDateString(locale);
  const stage =
    view.decision !== 'pending'
      ? t(`apply.decision.${view.decision}`)
      : view.screening === 'ineligible'
        ? t('apply.screening.ineligible')
        : view.screening === 'eligible'
          ? t('apply.screening.eligible')
          : t('apply.screening.pending');
  return (
    <section aria-labelledby="status-title" className="a-status">
      <h2 id="status-title">{t('apply.statusTitle', { ref: view.ref })}</h2>
      <p>
        <strong>{stage}</strong>
      </p>
      <p className="a-hint">
        {t('apply.sentOn', {
          group: view.group,
          when: day(view.sentAt),
          amount: view.amount,
          currency: view.call.currency,
        })}
      </p>
      {view.editable && (
        <p>{t('apply.canChange', { when: new Date(view.call.closesAt).toLocaleString(locale) })}</p>
      )}
      {view.missing.length > 0 && (
        <p className="a-warn">
          {t('apply.missing', {
            list: view.missing
              .map((id) => w(view.call.form.find((f) => f.id === id)?.label ?? {}) || id)
              .join(', '),
          })}
        </p>
      )}
      {view.screeningReason && view.screening !== 'pending' && (
        <p className="a-pre">{view.screeningReason}</p>
      )}
      {view.awardedAmount && (
        <p>{t('apply.awarded', { amount: view.awardedAmount, currency: view.call.currency })}</p>
      )}
      {view.comments.length > 0 && (
        <>
          <h3>{t('apply.comments')}</h3>
          <ul>
            {view.comments.map((c) => (
              <li key={c} className="a-pre">
                {c}
              </li>
            ))}
          </ul>
        </>
      )}
      {view.tranches.length > 0 && (
        <>
          <h3>{t('apply.tranches')}</h3>
          <ul>
            {view.tranches.map((x) => (
              <li key={x.id}>
                {t(x.paidOn ? 'apply.tranchePaid' : 'apply.tranchePlanned', {
                  amount: x.amount,
                  currency: view.call.currency,
                  when: day(x.paidOn ?? x.plannedOn),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      {view.reports.length > 0 && (
        <>
          <h3>{t('apply.reports')}</h3>
          {view.reports.map((r) => (
            <GrantReport key={r.id} report={r} token={token} onChange={onChange} />
          ))}
        </>
      )}
    </section>
  );
}

function GrantReport({
  report,
  token,
  onChange,
}: {
  report: ApplicantView['reports'][number];
  token: string;
  onChange: (v: ApplicantView) => void;
}) {
  const { t, locale } = useI18n();
  const [narrative, setNarrative] = useState('');
  const [spent, setSpent] = useState('');
  const [error, setError] = useState<string | null>(null);
  const title = t(`apply.report.kind.${report.kind}`, {
    when: new Date(report.dueOn).toLocaleDateString(locale),
  });
  if (report.submittedAt)
    return (
      <p>
        {title} — {t('apply.report.sent')}
      </p>
    );
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      onChange(
        await sendReport(token, report.id, { narrative, ...(report.kind === 'financial' ? { spent } : {}) }),
      );
    } catch (err) {
      setError(
        err instanceof ApiError && err.problem.errors?.[0] ? t('apply.rule.required') : t('apply.offline'),
      );
    }
  };
  return (
    <form className="a-report" onSubmit={(e) => void send(e)} aria-label={title} noValidate>
      <p>
        <strong>{title}</strong>{' '}
        {report.state === 'late'
          ? t('apply.report.late')
          : report.state === 'due'
            ? t('apply.report.due')
            : ''}
      </p>
      <label htmlFor={`n-${report.id}`}>{t('apply.report.whatHappened')}</label>
      <textarea
        id={`n-${report.id}`}
        rows={5}
        value={narrative}
        onChange={(e) => setNarrative(e.target.value)}
      />
      {report.kind === 'financial' && (
        <>
          <label htmlFor={`s-${report.id}`}>{t('apply.report.spentLabel')}</label>
          <input
            id={`s-${report.id}`}
            inputMode="decimal"
            value={spent}
            onChange={(e) => setSpent(e.target.value)}
          />
        </>
      )}
      {error && (
        <p className="a-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">{t('apply.report.send')}</button>
    </form>
  );
}
