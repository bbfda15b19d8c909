/** The organisation tree: browse it, add, rename and move units, import a `code,name,parent` CSV, rename levels. */

import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, patch, post, put } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { OrgUnitSelect } from '../../shared/OrgUnitSelect.js';
import { RowErrorsTable } from '../../shared/RowErrors.js';
import { Field, Notice, PageTitle, SelectField } from '../../shared/ui.js';
import { useSession } from '../session.js';

export interface OrgUnit {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  level: number;
  levelName: string;
  path: string;
  /** ISO 3166-1 alpha-2 code of a country unit (advocacy counts Harbour's own figures there). */
  country: string | null;
}

interface ImportResult {
  created: number;
  renamed: number;
  moved: number;
  unchanged: number;
  errors: { row: number; column: string; value: string; message: string }[];
}

function TreeNode({
  unit,
  childrenOf,
  onEdit,
}: {
  unit: OrgUnit;
  childrenOf: Map<string | null, OrgUnit[]>;
  onEdit: (u: OrgUnit) => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const kids = childrenOf.get(unit.id) ?? [];
  return (
    <li>
      <div className="tree__row">
        <span className="tree__name">{unit.name}</span> <code className="tree__code">{unit.code}</code>{' '}
        <span className="tree__level">{unit.levelName}</span>
        {unit.country ? (
          <span className="tree__level">{t('org.countryCode', { code: unit.country })}</span>
        ) : null}
        {can('org.manage') && (
          <button
            type="button"
            className="link"
            onClick={() => onEdit(unit)}
            aria-label={t('org.editUnit', { name: unit.name })}
          >
            {t('org.edit')}
          </button>
        )}
      </div>
      {kids.length > 0 && (
        <ul>
          {kids.map((k) => (
            <TreeNode key={k.id} unit={k} childrenOf={childrenOf} onEdit={onEdit} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function OrgPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [units, setUnits] = useState<OrgUnit[]>([]);
  const [levelNames, setLevelNames] = useState<string[]>([]);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [editing, setEditing] = useState<OrgUnit | null>(null);

  const load = useCallback(async () => {
    const r = await get('/org-units');
    setUnits(r.units);
    setLevelNames(r.levelNames);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const childrenOf = useMemo(() => {
    const ids = new Set(units.map((u) => u.id));
    const m = new Map<string | null, OrgUnit[]>();
    for (const u of units) {
      const key = u.parentId && ids.has(u.parentId) ? u.parentId : null;
      m.set(key, [...(m.get(key) ?? []), u]);
    }
    return m;
  }, [units]);

  return (
    <section>
      <PageTitle>{t('org.title')}</PageTitle>
      {status && <Notice kind={status.kind}>{status.text}</Notice>}
      <ul className="tree" aria-label={t('org.treeLabel')}>
        {(childrenOf.get(null) ?? []).map((u) => (
          <TreeNode key={u.id} unit={u} childrenOf={childrenOf} onEdit={setEditing} />
        ))}
      </ul>
      {editing && (
        <EditUnit
          unit={editing}
          units={units}
          onClose={() => setEditing(null)}
          onSaved={async (msg) => {
            setEditing(null);
            setStatus({ kind: 'ok', text: msg });
            await load();
          }}
        />
      )}
      {can('org.manage') && (
        <>
          <AddUnit
            units={units}
            onAdded={async (u) => {
              setStatus({ kind: 'ok', text: t('org.added', { name: u.name, code: u.code }) });
              await load();
            }}
          />
          <ImportUnits onImported={load} />
        </>
      )}
      {can('settings.manage') && levelNames.length > 0 && <LevelNames initial={levelNames} onSaved={load} />}
    </section>
  );
}

function AddUnit({ units, onAdded }: { units: OrgUnit[]; onAdded: (u: OrgUnit) => Promise<void> }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ code: '', name: '', parentCode: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setProblem(null);
    try {
      const u = await post('/org-units', form);
      setForm({ code: '', name: '', parentCode: form.parentCode });
      await onAdded(u);
    } catch (err) {
      setErrors(fieldErrors(t, err));
      if (err instanceof ApiError && !err.problem.errors?.length) setProblem(localiseProblem(t, err));
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="add-unit-title">
      <h2 id="add-unit-title">{t('org.addTitle')}</h2>
      <OrgUnitSelect
        label={t('org.parent')}
        units={units}
        value={form.parentCode}
        error={errors.parentCode}
        onChange={(parentCode) => setForm({ ...form, parentCode })}
        first={<option value="">{t('org.chooseParent')}</option>}
      />
      <Field
        label={t('org.code')}
        hint={t('org.codeHint')}
        value={form.code}
        error={errors.code}
        onChange={(e) => setForm({ ...form, code: e.target.value })}
      />
      <Field
        label={t('org.name')}
        value={form.name}
        error={errors.name}
        onChange={(e) => setForm({ ...form, name: e.target.value })}
      />
      {problem && <Notice kind="error">{problem}</Notice>}
      <button type="submit" className="primary">
        {t('org.add')}
      </button>
    </form>
  );
}

function EditUnit({
  unit,
  units,
  onClose,
  onSaved,
}: {
  unit: OrgUnit;
  units: OrgUnit[];
  onClose: () => void;
  onSaved: (msg: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const parent = units.find((u) => u.id === unit.parentId);
  const [name, setName] = useState(unit.name);
  const [parentCode, setParentCode] = useState(parent?.code ?? '');
  const [country, setCountry] = useState(unit.country ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const candidates = units.filter((u) => u.level === unit.level - 1 && !u.path.startsWith(unit.path));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, string | null> = {};
    if (name !== unit.name) body.name = name;
    if (parent && parentCode !== parent.code) body.parentCode = parentCode;
    if (country.trim().toUpperCase() !== (unit.country ?? ''))
      body.country = country.trim().toUpperCase() || null;
    if (Object.keys(body).length === 0) return onClose();
    try {
      await patch(`/org-units/${unit.id}`, body);
      await onSaved(t('org.saved', { name }));
    } catch (err) {
      const fe = fieldErrors(t, err);
      setErrors(
        Object.keys(fe).length
          ? fe
          : { name: err instanceof ApiError ? localiseProblem(t, err) : String(err) },
      );
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="edit-unit-title">
      <h2 id="edit-unit-title">{t('org.editTitle', { code: unit.code })}</h2>
      <Field
        label={t('org.name')}
        value={name}
        error={errors.name}
        onChange={(e) => setName(e.target.value)}
        autoFocus
      />
      {parent && (
        <SelectField
          label={t('org.parent')}
          value={parentCode}
          error={errors.parentCode}
          onChange={(e) => setParentCode(e.target.value)}
        >
          {candidates.map((u) => (
            <option key={u.id} value={u.code}>
              {u.name} ({u.code})
            </option>
          ))}
        </SelectField>
      )}
      <Field
        label={t('org.country')}
        hint={t('org.countryHint')}
        value={country}
        maxLength={2}
        error={errors.country}
        onChange={(e) => setCountry(e.target.value)}
      />
      <div className="actions">
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function ImportUnits({ onImported }: { onImported: () => Promise<void> }) {
  const { t } = useI18n();
  const [csv, setCsv] = useState('');
  const [result, setResult] = useState<(ImportResult & { dryRun: boolean }) | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (dryRun: boolean) => {
    setProblem(null);
    try {
      const r = await post('/org-units/import', { csv, dryRun });
      setResult({ ...r, dryRun });
      if (!dryRun) await onImported();
    } catch (err) {
      setProblem(err instanceof ApiError ? localiseProblem(t, err) : String(err));
    }
  };
  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title">{t('org.importTitle')}</h2>
      <p>{t('org.importIntro')}</p>
      <label htmlFor="org-csv-file">{t('org.importFile')}</label>
      <input
        id="org-csv-file"
        type="file"
        accept=".csv,text/csv"
        onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)}
      />
      <label htmlFor="org-csv">{t('org.importText')}</label>
      <textarea
        id="org-csv"
        rows={6}
        value={csv}
        onChange={(e) => setCsv(e.target.value)}
        spellCheck={false}
      />
      <div className="actions">
        <button type="button" onClick={() => void run(true)} disabled={!csv}>
          {t('org.importCheck')}
        </button>
        <button type="button" className="primary" onClick={() => void run(false)} disabled={!csv}>
          {t('org.importRun')}
        </button>
      </div>
      {problem && <Notice kind="error">{problem}</Notice>}
      {result && (
        <div role="status">
          <p>
            {t(result.dryRun ? 'org.importWould' : 'org.importDone', {
              created: result.created,
              renamed: result.renamed,
              moved: result.moved,
              unchanged: result.unchanged,
              rejected: result.errors.length,
            })}
          </p>
          {result.errors.length > 0 && (
            <RowErrorsTable caption={t('org.importErrors')} errors={result.errors} />
          )}
        </div>
      )}
    </section>
  );
}

function LevelNames({ initial, onSaved }: { initial: string[]; onSaved: () => Promise<void> }) {
  const { t } = useI18n();
  const [names, setNames] = useState(initial);
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await put('/settings/org-levels', { levelNames: names });
      setMsg({ kind: 'ok', text: t('common.saved') });
      await onSaved();
    } catch (err) {
      setMsg({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="levels-title">
      <h2 id="levels-title">{t('org.levelsTitle')}</h2>
      {names.map((n, i) => (
        <Field
          // biome-ignore lint/suspicious/noArrayIndexKey: a level is its position in the list
          key={i}
          label={t('org.levelN', { n: i + 1 })}
          value={n}
          onChange={(e) => setNames(names.map((x, j) => (j === i ? e.target.value : x)))}
        />
      ))}
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <button type="submit">{t('common.save')}</button>
    </form>
  );
}
