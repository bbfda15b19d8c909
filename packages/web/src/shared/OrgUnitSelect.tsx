/**
 * Choosing an org unit: the tree as it is (each unit under its parent, indented), and a search by
 * name or code once the tree is longer than a screen. Used wherever the console asks "which unit".
 */

import { inTreeOrder } from '@harbour/core';
import { type ReactNode, useId, useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';

export interface PickableUnit {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
}

/** Beyond this many units the picker offers a search. */
const SEARCH_FROM = 12;

export function OrgUnitSelect({
  label,
  units,
  value,
  onChange,
  error,
  first,
  required,
}: {
  label: string;
  units: readonly PickableUnit[];
  /** The chosen unit's code. */
  value: string;
  onChange: (code: string) => void;
  error?: string | undefined;
  /** An option before the tree (e.g. "Choose a unit"). */
  first?: ReactNode;
  required?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const [search, setSearch] = useState('');
  const ordered = useMemo(() => inTreeOrder(units), [units]);
  const q = search.trim().toLowerCase();
  // A match keeps its ancestors, so the tree still says where it is; the chosen unit always stays.
  const shown = useMemo(() => {
    if (!q) return ordered;
    const byId = new Map(ordered.map((u) => [u.id, u]));
    const keep = new Set<string>();
    for (const u of ordered)
      if (u.name.toLowerCase().includes(q) || u.code.toLowerCase().includes(q) || u.code === value)
        for (let x: PickableUnit | undefined = u; x; x = x.parentId ? byId.get(x.parentId) : undefined)
          keep.add(x.id);
    return ordered.filter((u) => keep.has(u.id));
  }, [ordered, q, value]);
  return (
    <div className={`field org-unit-select${error ? ' field--error' : ''}`}>
      <label htmlFor={`${id}-select`}>{label}</label>
      {units.length > SEARCH_FROM ? (
        <input
          type="search"
          className="org-unit-select__search"
          aria-label={t('orgPicker.search', { label })}
          placeholder={t('orgPicker.placeholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      ) : null}
      <select
        id={`${id}-select`}
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {first}
        {shown.map((u) => (
          <option key={u.id} value={u.code}>
            {'\u00a0\u00a0\u00a0'.repeat(u.depth)}
            {u.name} ({u.code})
          </option>
        ))}
      </select>
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
