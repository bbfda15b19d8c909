/** The organisation tree: levels, codes, materialised paths, and the `code,name,parent` CSV contract. */

import { type FieldIssue, showValue } from './problems.js';
import { controlCharacterIssue } from './safe-input.js';

/** Default level names, top to bottom; a programme may rename them (settings `org.levels`). */
export const DEFAULT_LEVEL_NAMES = ['consortium', 'organisation', 'country', 'region', 'site'] as const;

/** The depth (1-based) whose units own programme data: each row's `org_id` is its ancestor at this level. */
export const DEFAULT_ORGANISATION_LEVEL = 2;

export const ORG_CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/;
export const ORG_CODE_RULE = '1–50 letters, digits, "_", "." or "-", starting with a letter or digit';

export function checkOrgCode(code: string, field = 'code'): FieldIssue | null {
  if (ORG_CODE_RE.test(code)) return null;
  return {
    field,
    value: showValue(code),
    rule: 'format',
    message: `"${showValue(code)}" is not a valid org unit code: use ${ORG_CODE_RULE}`,
  };
}

export function checkOrgName(name: string, field = 'name'): FieldIssue | null {
  const trimmed = name.trim();
  const control = controlCharacterIssue(name, field);
  if (control) return control;
  if (trimmed.length >= 1 && trimmed.length <= 200) return null;
  return {
    field,
    value: showValue(name),
    rule: 'length',
    message: 'A name must have 1 to 200 characters',
  };
}

/** The path of a child: the parent's path plus the child's id. Roots have `/id/`. */
export function childPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

/** Ids from the root down to and including the unit at `path`. */
export function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

export function levelName(level: number, names: readonly string[] = DEFAULT_LEVEL_NAMES): string {
  return names[level - 1] ?? `level ${level}`;
}

export interface OrgImportRow {
  row: number;
  code: string;
  name: string;
  parent: string;
}

/**
 * Orders `code,name,parent` rows so every parent comes before its children, and reports rows whose
 * parent is unknown (neither in the file nor in `existingCodes`), duplicated codes, and cycles.
 */
export function orderOrgImport(
  rows: readonly OrgImportRow[],
  existingCodes: ReadonlySet<string>,
): { ordered: OrgImportRow[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const byCode = new Map<string, OrgImportRow>();
  for (const r of rows) {
    const codeIssue = checkOrgCode(r.code);
    if (codeIssue) {
      issues.push({ ...codeIssue, row: r.row });
      continue;
    }
    const nameIssue = checkOrgName(r.name);
    if (nameIssue) {
      issues.push({ ...nameIssue, row: r.row });
      continue;
    }
    if (r.parent && checkOrgCode(r.parent, 'parent')) {
      issues.push({ ...checkOrgCode(r.parent, 'parent')!, row: r.row });
      continue;
    }
    if (byCode.has(r.code)) {
      issues.push({
        row: r.row,
        field: 'code',
        value: r.code,
        rule: 'unique',
        message: `Code "${r.code}" appears twice in the file (first on row ${byCode.get(r.code)!.row})`,
      });
      continue;
    }
    byCode.set(r.code, r);
  }
  const ordered: OrgImportRow[] = [];
  const state = new Map<string, 'visiting' | 'done' | 'bad'>();
  const visit = (r: OrgImportRow): boolean => {
    const s = state.get(r.code);
    if (s === 'done') return true;
    if (s === 'bad') return false;
    if (s === 'visiting') {
      issues.push({
        row: r.row,
        field: 'parent',
        value: r.parent,
        rule: 'cycle',
        message: `Code "${r.code}" is its own ancestor through "${r.parent}"`,
      });
      state.set(r.code, 'bad');
      return false;
    }
    state.set(r.code, 'visiting');
    let ok = true;
    if (r.parent) {
      const parentRow = byCode.get(r.parent);
      if (parentRow) ok = visit(parentRow);
      else if (!existingCodes.has(r.parent)) {
        issues.push({
          row: r.row,
          field: 'parent',
          value: r.parent,
          rule: 'exists',
          message: `Parent "${r.parent}" is not an existing org unit code nor a code in this file`,
        });
        ok = false;
      }
      if (!ok && parentRow && state.get(r.parent) === 'bad' && !issues.some((i) => i.row === r.row)) {
        issues.push({
          row: r.row,
          field: 'parent',
          value: r.parent,
          rule: 'exists',
          message: `Parent "${r.parent}" could not be imported (see its row ${parentRow.row})`,
        });
      }
    }
    state.set(r.code, ok ? 'done' : 'bad');
    if (ok) ordered.push(r);
    return ok;
  };
  for (const r of byCode.values()) visit(r);
  return { ordered, issues: issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };
}

/**
 * Units in the order of the tree — each followed by its children, siblings by name — with their depth
 * below the top of what was given: what a picker lists, so Almaty sits under Kazakhstan, not under
 * Ukraine because both are regions. A unit whose parent is not in the list starts a tree of its own.
 */
export function inTreeOrder<T extends { id: string; parentId: string | null; name: string }>(
  units: readonly T[],
): (T & { depth: number })[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, T[]>();
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  const out: (T & { depth: number })[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const u of children.get(parent) ?? []) {
      out.push({ ...u, depth });
      visit(u.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}
