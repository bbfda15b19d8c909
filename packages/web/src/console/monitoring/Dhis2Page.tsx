/**
 * DHIS2 for one organisation: the mapping (edit, import and export as JSON), the server and its
 * credentials (the password or token is never shown again), and sending a period's values — a dry
 * run first, with DHIS2's own import summary and conflicts shown as DHIS2 gave them.
 */

import { type FormEvent, useEffect, useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post, put } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { Field, Notice, PageTitle, SelectField } from '../../shared/ui.js';
import { currentQuarter, reportQuery } from './monitoring.js';
import { useUnits } from './ScopePicker.js';

interface Config {
  mapping: Record<string, unknown> & { disaggregate?: string; exact?: boolean };
  server: { url: string; authKind: 'basic' | 'token'; username: string | null; hasSecret: boolean } | null;
}

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

/** A small mapping to start from: the total and two sex cells of one indicator, and one org unit. */
const EXAMPLE_MAPPING = JSON.stringify(
  {
    dataSet: 'HRdataSet01',
    orgUnits: { 'UA-KYIV': 'DiszpKrYNg8' },
    dataElements: {
      reached: {
        dataElement: 'KPprevReach',
        categoryOptionCombos: { '': 'HllvX50cXC0', 'sex=female': 'FemaleCOC01', 'sex=male': 'MaleCOC0001' },
      },
    },
    categories: { sex: { code: 'SEX', options: { female: 'F', male: 'M' } } },
  },
  null,
  2,
);

export function Dhis2Page() {
  const { t } = useI18n();
  const id = useId();
  const units = useUnits();
  const organisations = units.filter((u) => u.orgId !== null && u.orgId === u.id);
  const [org, setOrg] = useState('');
  const [config, setConfig] = useState<Config | null>(null);
  const [mappingText, setMappingText] = useState('');
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

  useEffect(() => {
    if (!org && organisations[0]) setOrg(organisations[0].code);
  }, [org, organisations]);

  useEffect(() => {
    if (!org) return;
    void get<Config>(`/dhis2/config?${reportQuery({ orgUnit: org })}`)
      .then((c) => {
        setConfig(c);
        const { disaggregate: d, exact: x, ...mapping } = c.mapping;
        setMappingText(JSON.stringify(mapping, null, 2));
        setDisaggregate(d ?? '');
        setExact(x ?? false);
        setServer({
          url: c.server?.url ?? '',
          authKind: c.server?.authKind ?? 'token',
          username: c.server?.username ?? '',
          secret: '',
        });
      })
      .catch((err) => setNotice({ kind: 'error', text: localiseProblem(t, err as ApiError) }));
  }, [org, t]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setNotice(null);
    let mapping: unknown;
    try {
      mapping = JSON.parse(mappingText || '{}');
    } catch (err) {
      setErrors({ mapping: t('dhis2.notJson', { detail: (err as Error).message }) });
      return;
    }
    try {
      const c = await put<Config>('/dhis2/config', {
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
      const { disaggregate: _d, exact: _x, ...saved } = c.mapping;
      setMappingText(JSON.stringify(saved, null, 2));
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

  const loadFile = async (file: File | undefined) => {
    if (!file) return;
    setMappingText(await file.text());
  };
  const exportMapping = () => {
    const blob = new Blob([mappingText], { type: 'application/json' });
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
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {config && (
        <form onSubmit={save} className="panel">
          <h2>{t('dhis2.mapping')}</h2>
          <p id={`${id}-mapping-hint`}>{t('dhis2.mappingHint')}</p>
          <details>
            <summary>{t('estimates.example')}</summary>
            <pre>{EXAMPLE_MAPPING}</pre>
          </details>
          <div className={`field${errors.mapping ? ' field--error' : ''}`}>
            <label htmlFor={`${id}-mapping`}>{t('dhis2.mappingJson')}</label>
            <textarea
              id={`${id}-mapping`}
              className="code"
              rows={16}
              value={mappingText}
              spellCheck={false}
              aria-describedby={`${id}-mapping-hint${errors.mapping ? ` ${id}-mapping-error` : ''}`}
              aria-invalid={errors.mapping ? true : undefined}
              onChange={(e) => setMappingText(e.target.value)}
            />
            {errors.mapping && (
              <p className="field__error" id={`${id}-mapping-error`} role="alert">
                {errors.mapping}
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
          <Field
            label={t('dhis2.disaggregate')}
            hint={t('dhis2.disaggregateHint')}
            value={disaggregate}
            error={errors.disaggregate}
            onChange={(e) => setDisaggregate(e.target.value)}
          />
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
      setResult(await post<PushResult>('/dhis2/push', { period, orgUnit, dryRun }));
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
