/**
 * Stock at a site: receipts, adjustments and counts entered by staff, less what contacts handed out.
 * Days left = on hand ÷ the average daily distribution of the last 30 days.
 */

import {
  addDays,
  type FieldIssue,
  InputError,
  isIsoDate,
  STOCKED_COMMODITIES,
  toIsoDate,
  uuidv7,
} from '@harbour/core';
import { sql } from 'kysely';
import { siteFor } from '../clients/client-access.js';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { writeTransaction } from '../store/transactions.js';

export const MOVEMENT_KINDS = [
  'receipt',
  'count',
  'adjustment',
  'transfer_in',
  'transfer_out',
  'expired',
  'lost',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface StockLine {
  commodity: string;
  onHand: number;
  distributedLast30Days: number;
  /** null when nothing was distributed in the last 30 days. */
  daysLeft: number | null;
  minimum: number | null;
  belowMinimum: boolean;
  lastCount: { date: string; quantity: number } | null;
}

export async function stockAtSite(s: Services, actor: Actor, siteCode: string): Promise<StockLine[]> {
  const site = await siteFor(s, actor, siteCode, 'stock.manage');
  const today = toIsoDate(s.now());
  const from30 = addDays(today, -29);
  const movements = await s.db
    .selectFrom('stock_movements')
    .select(['commodity', 'movement_date', 'kind', 'quantity', 'created_at'])
    .where('site_id', '=', site.id)
    .orderBy('movement_date')
    .orderBy('created_at')
    .execute();
  const thresholds = new Map(
    (
      await s.db
        .selectFrom('stock_thresholds')
        .select(['commodity', 'minimum'])
        .where('site_id', '=', site.id)
        .execute()
    ).map((t) => [t.commodity, t.minimum]),
  );
  const lines: StockLine[] = [];
  for (const commodity of STOCKED_COMMODITIES) {
    const mine = movements.filter((m) => m.commodity === commodity);
    const count = [...mine].reverse().find((m) => m.kind === 'count');
    // A count is taken at the end of its day: it replaces everything up to and including that day.
    const since = count?.movement_date ?? '0000-00-00';
    let onHand = count?.quantity ?? 0;
    for (const m of mine) if (m.kind !== 'count' && m.movement_date > since) onHand += m.quantity;
    const dist = await s.db
      .selectFrom('stock_distributed')
      .select([
        sql<number>`coalesce(sum(case when day > ${since} then quantity else 0 end), 0)`.as('after'),
        sql<number>`coalesce(sum(case when day >= ${from30} and day <= ${today} then quantity else 0 end), 0)`.as(
          'recent',
        ),
      ])
      .where('site_id', '=', site.id)
      .where('commodity', '=', commodity)
      .executeTakeFirstOrThrow();
    onHand -= Number(dist.after);
    const recent = Number(dist.recent);
    const minimum = thresholds.get(commodity) ?? null;
    if (mine.length === 0 && recent === 0 && minimum === null) continue;
    lines.push({
      commodity,
      onHand,
      distributedLast30Days: recent,
      daysLeft: recent > 0 ? Math.max(0, Math.floor(onHand / (recent / 30))) : null,
      minimum,
      belowMinimum: minimum !== null && onHand < minimum,
      lastCount: count ? { date: count.movement_date, quantity: count.quantity } : null,
    });
  }
  return lines;
}

export interface MovementInput {
  siteCode: string;
  commodity: string;
  kind: MovementKind;
  /** Positive number; the kind gives its direction (a count is the counted quantity; an adjustment may be negative). */
  quantity: number;
  date: string;
  reason?: string | null;
}

export async function recordMovement(
  s: Services,
  actor: Actor,
  input: MovementInput,
): Promise<{ id: string }> {
  const site = await siteFor(s, actor, input.siteCode, 'stock.manage');
  const issues: FieldIssue[] = [];
  if (!STOCKED_COMMODITIES.includes(input.commodity))
    issues.push({
      field: 'commodity',
      value: input.commodity,
      rule: 'enum',
      message: `Allowed: ${STOCKED_COMMODITIES.join(', ')}`,
    });
  if (!(MOVEMENT_KINDS as readonly string[]).includes(input.kind))
    issues.push({
      field: 'kind',
      value: input.kind,
      rule: 'enum',
      message: `Allowed: ${MOVEMENT_KINDS.join(', ')}`,
    });
  if (
    !Number.isInteger(input.quantity) ||
    Math.abs(input.quantity) > 10_000_000 ||
    (input.kind !== 'adjustment' && input.quantity < 0)
  ) {
    issues.push({
      field: 'quantity',
      value: String(input.quantity),
      rule: 'range',
      message: 'Give a whole number (negative only for an adjustment), at most 10,000,000',
    });
  }
  if (!isIsoDate(input.date) || input.date > toIsoDate(s.now()))
    issues.push({
      field: 'date',
      value: input.date,
      rule: 'format',
      message: 'Give a real date, not in the future, as YYYY-MM-DD',
    });
  if (input.reason && input.reason.length > 200)
    issues.push({ field: 'reason', rule: 'max', message: 'At most 200 characters' });
  if (issues.length) throw new InputError(issues);
  const outgoing = input.kind === 'transfer_out' || input.kind === 'expired' || input.kind === 'lost';
  const id = uuidv7();
  await writeTransaction(s, async (trx) => {
    await trx
      .insertInto('stock_movements')
      .values({
        id,
        org_id: site.org_id,
        site_id: site.id,
        commodity: input.commodity,
        movement_date: input.date,
        kind: input.kind,
        quantity: outgoing ? -input.quantity : input.quantity,
        reason: input.reason ?? null,
        created_at: s.now().toISOString(),
        created_by: actor.userId,
      })
      .execute();
    await s.audit.record(trx, actor, {
      action: 'stock.movement_recorded',
      entityType: 'stock_movement',
      entityId: id,
      orgUnitId: site.id,
      orgId: site.org_id,
      details: { commodity: input.commodity, kind: input.kind, quantity: input.quantity },
    });
  });
  return { id };
}

export async function setThreshold(
  s: Services,
  actor: Actor,
  siteCode: string,
  commodity: string,
  minimum: number | null,
): Promise<void> {
  const site = await siteFor(s, actor, siteCode, 'stock.manage');
  if (!STOCKED_COMMODITIES.includes(commodity))
    throw new InputError({
      field: 'commodity',
      value: commodity,
      rule: 'enum',
      message: `Allowed: ${STOCKED_COMMODITIES.join(', ')}`,
    });
  if (minimum !== null && (!Number.isInteger(minimum) || minimum < 0))
    throw new InputError({
      field: 'minimum',
      value: String(minimum),
      rule: 'range',
      message: 'Give a whole number of 0 or more',
    });
  await writeTransaction(s, async (trx) => {
    if (minimum === null)
      await trx
        .deleteFrom('stock_thresholds')
        .where('site_id', '=', site.id)
        .where('commodity', '=', commodity)
        .execute();
    else {
      await trx
        .insertInto('stock_thresholds')
        .values({ site_id: site.id, commodity, org_id: site.org_id, minimum })
        .onConflict((oc) => oc.columns(['site_id', 'commodity']).doUpdateSet({ minimum }))
        .execute();
    }
    await s.audit.record(trx, actor, {
      action: 'stock.threshold_set',
      entityType: 'site',
      entityId: site.id,
      orgUnitId: site.id,
      orgId: site.org_id,
      details: { commodity, minimum },
    });
  });
}
