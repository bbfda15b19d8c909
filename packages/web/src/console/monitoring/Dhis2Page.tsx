/**
 * DHIS2 for one organisation: the mapping (a form filled from the data set in DHIS2, or JSON to
 * import and export), the server and its credentials (the password or token is never shown again),
 * and sending a period's values — a dry run first, with DHIS2's own import summary and conflicts
 * shown as DHIS2 gave them.
 */

import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post, put } from '../../shared/api.js';
import type { Answer } from '../../shared/contract.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { Field, Notice, PageTitle, SelectField } from '../../shared/ui.js';
import { Dhis2MappingForm } from './Dhis2MappingForm.js';
import type { Dhis2MappingDraft } from './dhis2-mapping-form.js';
import { currentQuarter, reportQuery } from './monitoring.js';
import { useUnits } from './ScopePicker.js';

/** The set-up as the server answers it: the mapping as PUT checked it, and the server without its secret. */
type Config = Answer<'/api/v1/dhis2/config'>;

interface PushResult {
  conversion: { values: number; skipped: { indicator: string; cell: string; reason: string }[] };
  summary: {
    status: string;
    dryRun: boolean;
    imported: number;
    updated: number;
    ignored: number;
    deleted: number;
    conflicts: { object: string; value: string }[];
    httpStatus: number | null;
    message: string | null;
  };
}

const EMPTY: Dhis2MappingDraft = { orgUnits: {}, dataElements: {} };

/** A mapping from JSON (the console's own file, the CLI's, or docs/monitoring.md's), or why not. */
function fromJson(text: string): { mapping: Dhis2MappingDraft; disaggregate?: string; exact?: boolean } {
  const raw = JSON.parse(text || '{}') as Record<string, unknown>;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('an object { … } is expected');
  const { disaggregate, exact, mapping, ...rest } = raw;
  const m = (mapping ?? rest) as Partial<Dhis2MappingDraft>;
  return {
    mapping: { ...m, orgUnits: m.orgUnits ?? {}, dataElements: m.dataElements ?? {} },
    ...(typeof disaggregate === 'string' ? { disaggregate } : {}),
    ...(typeof exact === 'boolean' ? { exact } : {}),
  };
}

export function Dhis2Page() {
  const { t } = useI18n();
  const id = useId();
  const units = useUnits();
  const organisations = units.filter((u) => u.orgId !== null && u.orgId === u.id);
  const [org, setOrg] = useState('');
  const [config, setConfig] = useState<Config | null>(null);
  const [mapping, setMappingState] = useState<Dhis2MappingDraft>(EMPTY);
  const [mappingText, setMappingText] = useState('');
  const [jsonProblem, setJsonProblem] = useState<string | null>(null);
  const [disaggregate, setDisaggregate] = useState('');
  const [exact, setExact] = useState(false);
  const [server, setServer] = useState({
    url: '',
    authKind: 'token' as 'basic' | 'token',
    username: '',
    secret: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [loadProblem, setLoadProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!org && organisations[0]) setOrg(organisations[0].code);
  }, [org, organisations]);

  /** The form and the JSON are two views of one mapping: a change in either shows in both. */
  const setMapping = useCallback((m: Dhis2MappingDraft) => {
    setMappingState(m);
    setMappingText(JSON.stringify(m, null, 2));
    setJsonProblem(null);
  }, []);

  useEffect(() => {
    if (!org) return;
    void get(`/dhis2/config?${reportQuery({ orgUnit: org })}`)
      .then((c) => {
        setConfig(c);
        const { disaggregate: d, exact: x, ...saved } = c.mapping;
        setMapping(saved);
        setDisaggregate(d ?? '');
        setExact(x ?? false);
        setServer({
          url: c.server?.url ?? '',
          authKind: c.server?.authKind ?? 'token',
          username: c.server?.username ?? '',
          secret: '',
        });
      })
      .catch((err) => setLoadProblem(localiseProblem(t, err as ApiError)));
  }, [org, t, setMapping]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setNotice(null);
    if (jsonProblem) {
      setErrors({ mapping: jsonProblem });
      return;
    }
    try {
      const c = await put('/dhis2/config', {
        orgUnit: org,
        mapping,
        ...(disaggregate ? { disaggregate } : {}),
        exact,
        ...(server.url
          ? {
              server: {
                url: server.url,
                authKind: server.authKind,
                username: server.authKind === 'basic' ? server.username : null,
                ...(server.secret ? { secret: server.secret } : {}),
              },
            }
          : {}),
      });
      setConfig(c);
      const { disaggregate: _d, exact: _x, ...kept } = c.mapping;
      setMapping(kept);
      setServer({ ...server, secret: '' });
      setNotice({ kind: 'ok', text: t('common.saved') });
    } catch (err) {
      const byField = fieldErrors(t, err);
      const mappingError = Object.entries(byField).find(([k]) => k.startsWith('mapping'));
      setErrors({
        ...byField,
        ...(mappingError ? { mapping: `${mappingError[0]}: ${mappingError[1]}` } : {}),
      });
      setNotice({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };

  const editJson = (text: string) => {
    setMappingText(text);
    try {
      const parsed = fromJson(text);
      setMappingState(parsed.mapping);
      if (parsed.disaggregate !== undefined) setDisaggregate(parsed.disaggregate);
      if (parsed.exact !== undefined) setExact(parsed.exact);
      setJsonProblem(null);
    } catch (err) {
      setJsonProblem(t('dhis2.notJson', { detail: (err as Error).message }));
    }
  };
  const loadFile = async (file: File | undefined) => {
    if (!file) return;
    editJson(await file.text());
  };
  // The file holds the breakdown and `exact` beside the mapping: `harbour dhis2 mapping` reads it as it is.
  const exportMapping = () => {
    const file = { ...mapping, ...(disaggregate ? { disaggregate } : {}), exact };
    const blob = new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `harbour-dhis2-mapping-${org}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <section>
      <PageTitle>{t('dhis2.title')}</PageTitle>
      <p>{t('dhis2.intro')}</p>
      <SelectField label={t('dhis2.organisation')} value={org} onChange={(e) => setOrg(e.target.value)}>
        {organisations.map((o) => (
          <option key={o.code} value={o.code}>
            {o.name} ({o.code})
          </option>
        ))}
      </SelectField>
      {loadProblem && <Notice kind="error">{loadProblem}</Notice>}
      {config && (
        <form onSubmit={save} className="panel">
          <h2>{t('dhis2.mapping')}</h2>
          <p id={`${id}-mapping-hint`}>{t('dhis2.mappingHint')}</p>
          <Field
            label={t('dhis2.disaggregate')}
            hint={t('dhis2.disaggregateHint')}
            value={disaggregate}
            error={errors.disaggregate}
            onChange={(e) => setDisaggregate(e.target.value)}
          />
          <Dhis2MappingForm
            org={org}
            units={units
              .filter((u) => u.orgId === organisations.find((o) => o.code === org)?.id)
              .map((u) => ({ code: u.code, name: u.name }))}
            mapping={mapping}
            onChange={setMapping}
            disaggregate={disaggregate}
            canLoad={Boolean(config.server?.hasSecret)}
          />
          {errors.mapping && !jsonProblem && (
            <p className="field__error" role="alert">
              {errors.mapping}
            </p>
          )}
          <details open={Boolean(jsonProblem)}>
            <summary>{t('dhis2.form.json')}</summary>
            <div className={`field${jsonProblem ? ' field--error' : ''}`}>
              <label htmlFor={`${id}-mapping`}>{t('dhis2.mappingJson')}</label>
              <textarea
                id={`${id}-mapping`}
                className="code"
                rows={16}
                value={mappingText}
                spellCheck={false}
                aria-describedby={`${id}-mapping-hint${jsonProblem ? ` ${id}-mapping-error` : ''}`}
                aria-invalid={jsonProblem ? true : undefined}
                onChange={(e) => editJson(e.target.value)}
              />
              {jsonProblem && (
                <p className="field__error" id={`${id}-mapping-error`} role="alert">
                  {jsonProblem}
                </p>
              )}
            </div>
            <div className="actions">
              <label className="button">
                {t('dhis2.importMapping')}
                <input
                  type="file"
                  accept=".json,application/json"
                  className="visually-hidden"
                  onChange={(e) => void loadFile(e.target.files?.[0])}
                />
              </label>
              <button type="button" onClick={exportMapping}>
                {t('dhis2.exportMapping')}
              </button>
            </div>
          </details>
          <label className="tick">
            <input type="checkbox" checked={exact} onChange={(e) => setExact(e.target.checked)} />
            {t('dhis2.exact')}
          </label>
          <p className="field__hint">{t('dhis2.exactHint')}</p>

          <h2>{t('dhis2.server')}</h2>
          <Field
            label={t('dhis2.url')}
            type="url"
            placeholder="https://dhis2.example.org"
            value={server.url}
            error={errors['server.url']}
            onChange={(e) => setServer({ ...server, url: e.target.value })}
          />
          <SelectField
            label={t('dhis2.authKind')}
            value={server.authKind}
            onChange={(e) => setServer({ ...server, authKind: e.target.value as 'basic' | 'token' })}
          >
            <option value="token">{t('dhis2.token')}</option>
            <option value="basic">{t('dhis2.basic')}</option>
          </SelectField>
          {server.authKind === 'basic' && (
            <Field
              label={t('dhis2.username')}
              autoComplete="off"
              value={server.username}
              error={errors['server.username']}
              onChange={(e) => setServer({ ...server, username: e.target.value })}
            />
          )}
          <Field
            label={server.authKind === 'basic' ? t('dhis2.password') : t('dhis2.tokenValue')}
            type="password"
            autoComplete="new-password"
            hint={config.server?.hasSecret ? t('dhis2.secretKept') : undefined}
            value={server.secret}
            error={errors['server.secret']}
            onChange={(e) => setServer({ ...server, secret: e.target.value })}
          />
          <button type="submit" className="primary">
            {t('common.save')}
          </button>
          {/* Beside the button that was pressed, not at the top of a long form. */}
          {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
        </form>
      )}
      {config?.server && (
        <Push
          org={org}
          units={units.map((u) => ({ code: u.code, name: u.name, orgId: u.orgId }))}
          organisationId={organisations.find((o) => o.code === org)?.id ?? ''}
        />
      )}
    </section>
  );
}

function Push({
  org,
  units,
  organisationId,
}: {
  org: string;
  units: { code: string; name: string; orgId: string | null }[];
  organisationId: string;
}) {
  const { t } = useI18n();
  const inside = units.filter((u) => u.orgId === organisationId);
  const [orgUnit, setOrgUnit] = useState(org);
  const [period, setPeriod] = useState(currentQuarter(new Date()));
  const [result, setResult] = useState<PushResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setOrgUnit(org), [org]);
  const send = async (dryRun: boolean) => {
    if (!dryRun && !window.confirm(t('dhis2.confirmPush', { period, unit: orgUnit }))) return;
    setBusy(true);
    setProblem(null);
    try {
      setResult(await post('/dhis2/push', { period, orgUnit, dryRun }));
    } catch (err) {
      setResult(null);
      setProblem(err instanceof ApiError ? localiseProblem(t, err) : t('app.serverUnreachable'));
    } finally {
      setBusy(false);
    }
  };
  const s = result?.summary;
  return (
    <section className="panel" aria-labelledby="dhis2-push">
      <h2 id="dhis2-push">{t('dhis2.send')}</h2>
      <SelectField
        label={t('monitoring.orgUnit')}
        value={orgUnit}
        onChange={(e) => setOrgUnit(e.target.value)}
      >
        {inside.map((u) => (
          <option key={u.code} value={u.code}>
            {u.name} ({u.code})
          </option>
        ))}
      </SelectField>
      <Field
        label={t('monitoring.period')}
        hint={t('monitoring.periodHint')}
        value={period}
        onChange={(e) => setPeriod(e.target.value)}
      />
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void send(true)}>
          {t('dhis2.dryRun')}
        </button>
        <button type="button" disabled={busy} onClick={() => void send(false)}>
          {t('dhis2.push')}
        </button>
      </div>
      {busy && <p role="status">{t('dhis2.sending')}</p>}
      {problem && <Notice kind="error">{problem}</Notice>}
      {s && result && (
        <div role="status">
          <Notice kind={s.status === 'SUCCESS' ? 'ok' : s.status === 'WARNING' ? 'info' : 'error'}>
            {t(s.dryRun ? 'dhis2.dryRunResult' : 'dhis2.pushResult', {
              status: s.status,
              sent: result.conversion.values,
              imported: s.imported,
              updated: s.updated,
              ignored: s.ignored,
            })}
            {s.message ? ` ${s.message}` : ''}
          </Notice>
          {result.conversion.skipped.length > 0 && (
            <details>
              <summary>
                {t('dhis2.skipped', {
                  unmapped: result.conversion.skipped.filter((k) => k.reason === 'unmapped').length,
                  suppressed: result.conversion.skipped.filter((k) => k.reason === 'suppressed').length,
                  empty: result.conversion.skipped.filter((k) => k.reason === 'no_value').length,
                })}
              </summary>
              <ul>
                {result.conversion.skipped
                  .filter((k) => k.reason !== 'unmapped')
                  .slice(0, 200)
                  .map((k) => (
                    <li key={`${k.indicator}|${k.cell}`}>
                      <code>{k.indicator}</code> {k.cell} — {t(`dhis2.reason.${k.reason}`)}
                    </li>
                  ))}
              </ul>
            </details>
          )}
          {s.conflicts.length > 0 && (
            <table className="table">
              <caption>{t('dhis2.conflicts', { n: s.conflicts.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dhis2.conflictObject')}</th>
                  <th scope="col">{t('dhis2.conflictValue')}</th>
                </tr>
              </thead>
              <tbody>
                {s.conflicts.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: DHIS2 may repeat an object; order is DHIS2's
                  <tr key={i}>
                    <td>
                      <code>{c.object}</code>
                    </td>
                    <td>{c.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
