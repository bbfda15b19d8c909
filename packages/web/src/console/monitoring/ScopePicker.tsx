/**
 * "Which unit, which period": shared by the dashboard and the reports page. The choice lives in the
 * address (?orgUnit=UA&period=2026Q3), so a view can be bookmarked or sent to a colleague.
 */

import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { get } from '../../shared/api.js';
import { OrgUnitSelect } from '../../shared/OrgUnitSelect.js';
import { useSession } from '../session.js';
import { currentQuarter, periodChoices, periodLabel } from './monitoring.js';

export interface Unit {
  id: string;
  code: string;
  name: string;
  level: number;
  levelName: string;
  parentId: string | null;
  orgId: string | null;
}

/** The units the user may see, parents first. */
export function useUnits(): Unit[] {
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    void get('/org-units')
      .then((r) => setUnits(r.units))
      .catch(() => undefined);
  }, []);
  return units;
}

export interface Scope {
  orgUnit: string;
  period: string;
}

/** Reads ?orgUnit and ?period, defaulting to the user's first unit and the current quarter. */
export function useScope(units: Unit[]): [Scope | null, (s: Scope) => void] {
  const { me } = useSession();
  const params = new URLSearchParams(location.search);
  const granted = units.find((u) => me.grants.some((g) => g.orgUnitId === u.id)) ?? units[0];
  const [scope, setScopeState] = useState<Scope | null>(null);
  const fromUrl = params.get('orgUnit');
  const periodFromUrl = params.get('period');
  useEffect(() => {
    if (scope || units.length === 0) return;
    setScopeState({
      orgUnit: fromUrl && units.some((u) => u.code === fromUrl) ? fromUrl : (granted?.code ?? ''),
      period: periodFromUrl || currentQuarter(new Date()),
    });
  }, [units, scope, fromUrl, periodFromUrl, granted]);
  const setScope = (s: Scope) => {
    const p = new URLSearchParams(location.search);
    p.set('orgUnit', s.orgUnit);
    p.set('period', s.period);
    history.replaceState(null, '', `${location.pathname}?${p.toString()}`);
    setScopeState(s);
  };
  return [scope, setScope];
}

export function ScopePicker({
  units,
  scope,
  onChange,
  busy,
  children,
}: {
  units: Unit[];
  scope: Scope;
  onChange(s: Scope): void;
  busy?: boolean;
  /** More fields of the same form (the reports page's breakdowns and suppression). */
  children?: ReactNode;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [orgUnit, setOrgUnit] = useState(scope.orgUnit);
  const [period, setPeriod] = useState(scope.period);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ orgUnit, period: period.trim() });
  };
  return (
    <form className="scope-picker" onSubmit={submit}>
      <OrgUnitSelect label={t('monitoring.orgUnit')} units={units} value={orgUnit} onChange={setOrgUnit} />
      <div className="field">
        <label htmlFor={`${id}-period`}>{t('monitoring.period')}</label>
        <input
          id={`${id}-period`}
          list={`${id}-periods`}
          value={period}
          onChange={(e) => setPeriod(e.target.value)}
          aria-describedby={`${id}-period-hint`}
          autoComplete="off"
          spellCheck={false}
        />
        <datalist id={`${id}-periods`}>
          {periodChoices(new Date()).map((p) => (
            <option key={p.id} value={p.id}>
              {periodLabel(p.id, locale)}
            </option>
          ))}
        </datalist>
        <p className="field__hint" id={`${id}-period-hint`}>
          {t('monitoring.periodHint')}
        </p>
      </div>
      {children}
      <button type="submit" className="primary" disabled={busy}>
        {t('monitoring.show')}
      </button>
    </form>
  );
}
