/**
 * DHIS2 for one organisation: its mapping, its server and credentials (sealed), and pushing a
 * report's values with a dry run first. What leaves the programme is suppressed unless the mapping
 * says the receiving DHIS2 is the programme's own (`exact: true`).
 */

import { ForbiddenError, InputError, NotFoundError, parseDimensions, pathInScope } from '@harbour/core';
import type { Config } from '../config.js';
import type { Services } from '../context.js';
import { type Actor, scopeOf } from '../identity/actor.js';
import { getSetting, putSetting } from '../settings/settings.js';
import {
  type Dhis2Auth,
  type Dhis2DataSet,
  type Dhis2ImportSummary,
  type Dhis2Server,
  fetchDataSet,
  pushDataValueSet,
} from './dhis2-client.js';
import { type Dhis2Conversion, reportToDataValueSet } from './exports/dhis2-export.js';
import { checkMapping, type Dhis2Mapping } from './exports/dhis2-mapping.js';
import { buildReport, monitoringSettings } from './report-service.js';

export interface Dhis2Config {
  mapping: Dhis2Mapping & { disaggregate?: string; exact?: boolean };
  server: { url: string; authKind: 'basic' | 'token'; username: string | null; hasSecret: boolean } | null;
}

async function organisationFor(s: Services, actor: Actor, orgCode: string) {
  const unit = await s.db.selectFrom('org_units').selectAll().where('code', '=', orgCode).executeTakeFirst();
  if (!unit || !pathInScope(unit.path, scopeOf(actor, 'dhis2.manage')))
    throw new NotFoundError(`Org unit "${orgCode}"`);
  if (!unit.org_id)
    throw new InputError({
      field: 'orgUnit',
      value: orgCode,
      rule: 'level',
      message: 'DHIS2 is set up per organisation; choose an organisation or a unit inside one',
    });
  return unit as typeof unit & { org_id: string };
}

export async function getDhis2Config(s: Services, actor: Actor, orgCode: string): Promise<Dhis2Config> {
  const unit = await organisationFor(s, actor, orgCode);
  const mapping = await getSetting<Dhis2Config['mapping']>(
    s.db,
    'dhis2.mapping',
    { orgUnits: {}, dataElements: {}, categories: {} },
    unit.org_id,
  );
  const server = await getSetting<{
    url: string;
    authKind: 'basic' | 'token';
    username: string | null;
  } | null>(s.db, 'dhis2.server', null, unit.org_id);
  const secret = await getSetting<string | null>(s.db, 'dhis2.secret', null, unit.org_id);
  return { mapping, server: server ? { ...server, hasSecret: secret !== null } : null };
}

export interface Dhis2ConfigInput {
  mapping?: unknown;
  disaggregate?: string;
  exact?: boolean;
  server?: {
    url: string;
    authKind: 'basic' | 'token';
    username?: string | null;
    secret?: string | null;
  } | null;
}

export async function putDhis2Config(
  s: Services,
  actor: Actor,
  orgCode: string,
  input: Dhis2ConfigInput,
): Promise<Dhis2Config> {
  const unit = await organisationFor(s, actor, orgCode);
  const at = s.now();
  let sealed: string | null | undefined;
  if (input.server) {
    let url: URL;
    try {
      url = new URL(input.server.url);
    } catch {
      throw new InputError({
        field: 'server.url',
        value: input.server.url,
        rule: 'url',
        message: 'Give the DHIS2 address, e.g. https://dhis2.example.org',
      });
    }
    if (!['http:', 'https:'].includes(url.protocol))
      throw new InputError({
        field: 'server.url',
        value: input.server.url,
        rule: 'url',
        message: 'The address starts with https:// (or http:// on a local network)',
      });
    if (input.server.authKind === 'basic' && !input.server.username)
      throw new InputError({
        field: 'server.username',
        rule: 'required',
        message: 'Basic authentication needs a username',
      });
    // Sealed before the transaction (SQLite has one connection), bound to the organisation's setting.
    if (input.server.secret)
      sealed = await s.dataKeys.encrypt(unit.org_id, input.server.secret, `dhis2:${unit.org_id}`);
  }
  if (input.disaggregate) {
    const dims = parseDimensions(input.disaggregate);
    if (!dims.ok) throw new InputError(dims.issue);
  }
  const mapping =
    input.mapping !== undefined
      ? {
          ...checkMapping(input.mapping),
          ...(input.disaggregate ? { disaggregate: input.disaggregate } : {}),
          ...(input.exact !== undefined ? { exact: input.exact } : {}),
        }
      : undefined;
  await s.db.transaction().execute(async (trx) => {
    if (mapping) await putSetting(trx, 'dhis2.mapping', mapping, at, unit.org_id);
    if (input.server) {
      await putSetting(
        trx,
        'dhis2.server',
        {
          url: input.server.url.replace(/\/+$/, ''),
          authKind: input.server.authKind,
          username: input.server.username ?? null,
        },
        at,
        unit.org_id,
      );
      if (sealed) await putSetting(trx, 'dhis2.secret', sealed, at, unit.org_id);
    }
    await s.audit.record(trx, actor, {
      action: 'dhis2.configured',
      entityType: 'settings',
      orgUnitId: unit.id,
      orgId: unit.org_id,
      details: { mapping: Boolean(mapping), server: Boolean(input.server), secret: Boolean(sealed) },
    });
  });
  return getDhis2Config(s, actor, orgCode);
}

/** The organisation's DHIS2 server with its credentials unsealed, or a clear reason it is not set up. */
async function serverOf(s: Services, orgId: string, config: Dhis2Config): Promise<Dhis2Server> {
  if (!config.server)
    throw new InputError({
      field: 'server',
      rule: 'required',
      message: 'Set the DHIS2 server address and credentials first',
    });
  const secretToken = await getSetting<string | null>(s.db, 'dhis2.secret', null, orgId);
  if (!secretToken)
    throw new InputError({
      field: 'server.secret',
      rule: 'required',
      message: 'Set the DHIS2 password or token first',
    });
  const secret = await s.dataKeys.decrypt(secretToken, `dhis2:${orgId}`);
  const auth: Dhis2Auth =
    config.server.authKind === 'basic'
      ? { kind: 'basic', username: config.server.username ?? '', password: secret }
      : { kind: 'token', token: secret };
  return { url: config.server.url, auth };
}

/**
 * One data set's elements, category option combos and org units from the organisation's DHIS2, for
 * the console's mapping form (nothing is stored: the form saves a mapping as before).
 */
export async function dhis2DataSet(
  s: Services & { config?: Pick<Config, 'dhis2AllowPrivate'> },
  actor: Actor,
  orgCode: string,
  dataSetId: string,
): Promise<Dhis2DataSet> {
  const unit = await organisationFor(s, actor, orgCode);
  const server = await serverOf(s, unit.org_id, await getDhis2Config(s, actor, orgCode));
  const answer = await fetchDataSet(server, dataSetId, {
    allowPrivate: s.config?.dhis2AllowPrivate ?? false,
  });
  if (!answer.ok)
    throw new InputError({
      field: answer.reason === 'not_found' ? 'dataSet' : 'server',
      ...(answer.reason === 'not_found' ? { value: dataSetId } : {}),
      rule: answer.reason,
      message: answer.message,
    });
  return answer.dataSet;
}

export interface PushResult {
  conversion: Pick<Dhis2Conversion, 'skipped'> & { values: number };
  summary: Dhis2ImportSummary;
}

/** Builds the report, converts it with the organisation's mapping and sends it (dry run or for real). */
export async function pushToDhis2(
  s: Services & { config?: Pick<Config, 'dhis2AllowPrivate'> },
  actor: Actor,
  req: { period: string; orgUnit: string; dryRun: boolean },
): Promise<PushResult> {
  if (scopeOf(actor, 'dhis2.manage').length === 0) throw new ForbiddenError();
  const unit = await organisationFor(s, actor, req.orgUnit);
  const config = await getDhis2Config(s, actor, req.orgUnit);
  const server = await serverOf(s, unit.org_id, config);
  const threshold = config.mapping.exact ? null : (await monitoringSettings(s)).threshold;
  const { report } = await buildReport(s, actor, {
    period: req.period,
    orgUnit: req.orgUnit,
    disaggregate: config.mapping.disaggregate ?? null,
    suppress: threshold,
  });
  let conversion: Dhis2Conversion;
  try {
    conversion = reportToDataValueSet(report, config.mapping);
  } catch (e) {
    throw new InputError({
      field: 'period',
      value: req.period,
      rule: 'format',
      message: (e as Error).message,
    });
  }
  const summary = await pushDataValueSet(server, conversion.payload, {
    dryRun: req.dryRun,
    allowPrivate: s.config?.dhis2AllowPrivate ?? false,
  });
  await s.db.transaction().execute((trx) =>
    s.audit.record(trx, actor, {
      action: req.dryRun ? 'dhis2.dry_run' : 'dhis2.pushed',
      entityType: 'report',
      orgUnitId: unit.id,
      orgId: unit.org_id,
      details: {
        period: req.period,
        values: conversion.payload.dataValues.length,
        status: summary.status,
        imported: summary.imported,
        updated: summary.updated,
        ignored: summary.ignored,
        conflicts: summary.conflicts.length,
        suppressed: threshold !== null,
      },
    }),
  );
  return {
    conversion: { values: conversion.payload.dataValues.length, skipped: conversion.skipped },
    summary,
  };
}
