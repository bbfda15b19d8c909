/**
 * Keeping what a member's own server sends: each value checked (core checkSentValues), the good ones
 * kept once per unit, indicator, period and disaggregation — new ones imported, changed ones updated,
 * the same value again ignored, so a set sent twice changes nothing — and one audit entry per set.
 * The answer is DHIS2's import summary, so a DHIS2 client (Harbour's own push among them) reads it.
 */

import { checkSentValues, type ReceivingConflict, type SentValue } from '@harbour/core';
import type { Services } from '../context.js';
import type { ReceivingSender } from './receiving-tokens.js';

export interface ImportSummary {
  httpStatus: 'OK' | 'Conflict';
  httpStatusCode: 200 | 409;
  status: 'OK' | 'WARNING' | 'ERROR';
  message: string;
  response: {
    responseType: 'ImportSummary';
    status: 'SUCCESS' | 'WARNING' | 'ERROR';
    importOptions: { dryRun: boolean; importStrategy: 'CREATE_AND_UPDATE' };
    description: string;
    importCount: { imported: number; updated: number; ignored: number; deleted: number };
    conflicts: (ReceivingConflict & { objects: Record<string, string> })[];
    dataSetComplete: 'false';
  };
}

/** A summary for a set refused as a whole (malformed), nothing kept. */
export function refusedSummary(description: string, dryRun: boolean): ImportSummary {
  return summaryOf({ imported: 0, updated: 0, ignored: 0 }, [], dryRun, description);
}

function summaryOf(
  counts: { imported: number; updated: number; ignored: number },
  conflicts: ReceivingConflict[],
  dryRun: boolean,
  description?: string,
): ImportSummary {
  const kept = counts.imported + counts.updated + counts.ignored;
  const status =
    description || (conflicts.length && !kept) ? 'ERROR' : conflicts.length ? 'WARNING' : 'SUCCESS';
  const ok = status === 'SUCCESS';
  return {
    httpStatus: ok ? 'OK' : 'Conflict',
    httpStatusCode: ok ? 200 : 409,
    status: ok ? 'OK' : status === 'WARNING' ? 'WARNING' : 'ERROR',
    message: ok
      ? 'Import was successful.'
      : (description ?? 'One or more values were refused; see conflicts.'),
    response: {
      responseType: 'ImportSummary',
      status,
      importOptions: { dryRun, importStrategy: 'CREATE_AND_UPDATE' },
      description:
        description ??
        (ok ? 'Import process completed successfully' : 'Import process completed with conflicts'),
      importCount: { ...counts, deleted: 0 },
      // A thousand conflicts are enough to fix a mapping; the rest are counted in the ignored values.
      conflicts: conflicts.slice(0, 1000).map((c) => ({ ...c, objects: { [c.property]: c.object } })),
      dataSetComplete: 'false',
    },
  };
}

/** Resolves the org units as sent: the token's own mapping first, then a code or id here. */
async function unitsFor(s: Services, sender: ReceivingSender, refs: string[]) {
  const wanted = [...new Set(refs.map((r) => sender.orgUnits[r] ?? r))].filter(Boolean);
  const units = new Map<string, string | 'outside'>();
  if (!wanted.length) return units;
  const found = [];
  // Chunked: a set may name many units, and SQLite binds a bounded number of parameters.
  for (let i = 0; i < wanted.length; i += 500) {
    const chunk = wanted.slice(i, i + 500);
    found.push(
      ...(await s.db
        .selectFrom('org_units')
        .select(['id', 'code', 'path'])
        .where((eb) => eb.or([eb('code', 'in', chunk), eb('id', 'in', chunk)]))
        .execute()),
    );
  }
  for (const ref of new Set(refs)) {
    const target = sender.orgUnits[ref] ?? ref;
    const unit = found.find((u) => u.code === target || u.id === target);
    if (unit) units.set(ref, unit.path.startsWith(sender.member.path) ? unit.id : 'outside');
  }
  return units;
}

export async function receiveDataValues(
  s: Services,
  sender: ReceivingSender,
  values: readonly SentValue[],
  options: { dryRun: boolean; format: 'json' | 'adx' },
): Promise<ImportSummary> {
  const units = await unitsFor(
    s,
    sender,
    values.map((v) => (typeof v.orgUnit === 'string' ? v.orgUnit.trim() : '')),
  );
  const { accepted, conflicts } = checkSentValues(values, { dataElements: sender.dataElements, units });
  const key = (v: { unitId: string; indicator: string; period: string; cell: string }) =>
    `${v.unitId}|${v.indicator}|${v.period}|${v.cell}`;
  const existing = new Map<string, number>();
  const unitIds = [...new Set(accepted.map((v) => v.unitId))];
  const periods = [...new Set(accepted.map((v) => v.period))];
  for (let i = 0; i < unitIds.length; i += 200)
    for (let j = 0; j < periods.length; j += 200) {
      const rows = await s.db
        .selectFrom('received_values')
        .select(['org_unit_id', 'indicator', 'period', 'cell', 'value'])
        .where('org_unit_id', 'in', unitIds.slice(i, i + 200))
        .where('period', 'in', periods.slice(j, j + 200))
        .execute();
      for (const r of rows) existing.set(key({ ...r, unitId: r.org_unit_id }), r.value);
    }
  const fresh = accepted.filter((v) => !existing.has(key(v)));
  const changed = accepted.filter((v) => existing.has(key(v)) && existing.get(key(v)) !== v.value);
  const counts = {
    imported: fresh.length,
    updated: changed.length,
    ignored: accepted.length - fresh.length - changed.length,
  };
  const ignoredRefused = conflicts.reduce((n, c) => n + c.indexes.length, 0);
  const summary = summaryOf(
    { ...counts, ignored: counts.ignored + ignoredRefused },
    conflicts,
    options.dryRun,
  );
  if (options.dryRun) return summary;
  const at = s.now().toISOString();
  const rows = [...fresh, ...changed].map((v) => ({
    org_unit_id: v.unitId,
    indicator: v.indicator,
    period: v.period,
    cell: v.cell,
    org_id: sender.member.orgId,
    data_element: v.dataElement,
    value: v.value,
    token_id: sender.tokenId,
    received_at: at,
    updated_at: at,
  }));
  await s.db.transaction().execute(async (trx) => {
    // Ten columns a row: 500 rows stay well inside either database's limit on bound parameters.
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('received_values')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) =>
          oc.columns(['org_unit_id', 'indicator', 'period', 'cell']).doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            data_element: eb.ref('excluded.data_element'),
            token_id: eb.ref('excluded.token_id'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    await trx
      .updateTable('receiving_tokens')
      .set({ last_used_at: at })
      .where('id', '=', sender.tokenId)
      .execute();
    await s.audit.append(trx, {
      actorId: null,
      actor: `token:${sender.label}`,
      action: 'project.values_received',
      entityType: 'project',
      entityId: sender.projectId,
      orgUnitId: sender.member.id,
      orgId: sender.member.orgId,
      details: {
        token: sender.tokenId,
        format: options.format,
        values: values.length,
        ...counts,
        refused: ignoredRefused,
      },
    });
  });
  return summary;
}

/** What members' own servers sent for these members' own units (totals only), by member, indicator and period. */
export async function receivedTotals(
  s: Services,
  memberIds: readonly string[],
  indicators: readonly string[],
): Promise<Map<string, { value: number; at: string }>> {
  const out = new Map<string, { value: number; at: string }>();
  if (!memberIds.length || !indicators.length) return out;
  const rows = await s.db
    .selectFrom('received_values')
    .select(['org_unit_id', 'indicator', 'period', 'value', 'updated_at'])
    .where('org_unit_id', 'in', [...memberIds])
    .where('indicator', 'in', [...indicators])
    .where('cell', '=', '')
    .execute();
  for (const r of rows)
    out.set(`${r.org_unit_id}|${r.indicator}|${r.period}`, { value: r.value, at: r.updated_at });
  return out;
}
