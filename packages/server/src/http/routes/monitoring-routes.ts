/** Reports in every format, the dashboard, size estimates and targets, and DHIS2 set-up and push. */

import { dashboardSchema, INDICATOR_IDS, PERIOD_RULE } from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Harbour } from '../../context.js';
import { buildDashboard } from '../../reports/dashboard.js';
import { dhis2DataSet, getDhis2Config, pushToDhis2, putDhis2Config } from '../../reports/dhis2-service.js';
import { importEstimates, importTargets, listEstimates, listTargets } from '../../reports/estimates.js';
import { dhis2Mapping } from '../../reports/exports/dhis2-mapping.js';
import { renderReport } from '../../reports/render.js';
import { buildReport } from '../../reports/report-service.js';

const READ = ['report.read', 'report.read.suppressed'] as const;

const reportQuery = z
  .object({
    period: z.string().max(40).describe(PERIOD_RULE),
    orgUnit: z.string().max(50),
    disaggregate: z.string().max(100).optional().describe('e.g. sex,age:gf,kp or orgUnit:3'),
    suppress: z.coerce
      .number()
      .int()
      .min(2)
      .max(100)
      .optional()
      .describe('hide counts below this (donor roles are always suppressed)'),
    format: z.enum(['json', 'csv', 'xlsx', 'pdf', 'dhis2', 'adx']).default('json'),
  })
  .strict();

const value = z.union([z.number(), z.string(), z.null()]);
export const reportSchema = z.object({
  format: z.literal('harbour.report/1'),
  period: z.object({ id: z.string(), start: z.string(), end: z.string() }),
  orgUnit: z.string(),
  generatedAt: z.string(),
  suppression: z.object({ threshold: z.number() }).nullable(),
  values: z.array(
    z.object({ indicator: z.string(), disaggregation: z.record(z.string(), z.string()), value }),
  ),
});

const importResult = z.object({
  saved: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), value: z.string(), message: z.string() })),
});

/** An organisation's DHIS2 set-up as the console reads it: the mapping as kept, the server without its secret. */
const dhis2ConfigSchema = z.object({
  // As PUT checked it, with the two report choices kept beside it; loose, so a key kept by an older
  // version is answered rather than refused.
  mapping: dhis2Mapping
    .extend({ disaggregate: z.string().optional(), exact: z.boolean().optional() })
    .loose(),
  server: z
    .object({
      url: z.string(),
      authKind: z.enum(['basic', 'token']),
      username: z.string().nullable(),
      hasSecret: z.boolean(),
    })
    .nullable(),
});

/** What a push did: how many values went, which were left out and why, and DHIS2's import summary. */
const dhis2PushSchema = z.object({
  conversion: z.object({
    values: z.number(),
    skipped: z.array(
      z.object({
        indicator: z.string(),
        cell: z.string(),
        reason: z.enum(['unmapped', 'suppressed', 'no_value']),
      }),
    ),
  }),
  summary: z.object({
    status: z.string(),
    dryRun: z.boolean(),
    imported: z.number(),
    updated: z.number(),
    ignored: z.number(),
    deleted: z.number(),
    conflicts: z.array(z.object({ object: z.string(), value: z.string() })),
    httpStatus: z.number().nullable(),
    message: z.string().nullable(),
  }),
});

export function monitoringRoutes(h: Harbour, warmingUp?: Promise<unknown>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/reports',
      {
        config: { permission: READ },
        schema: {
          tags: ['reports'],
          summary:
            'Every indicator for a period and org unit (harbour.report/1), or the same numbers as CSV, XLSX, PDF, DHIS2 dataValueSets or ADX',
          querystring: reportQuery,
        },
      },
      async (req, reply) => {
        await warmingUp;
        const built = await buildReport(h, req.actor, req.query);
        if (req.query.format === 'json') return reply.type('application/json').send(built.report);
        const out = await renderReport(h, req.actor, built, req.query.format, req.query.orgUnit);
        const name = `harbour-${built.report.orgUnit}-${built.report.period.id.replace('/', '_')}.${out.extension}`;
        return reply
          .type(out.contentType)
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(out.body);
      },
    );

    app.get(
      '/dashboard',
      {
        config: { permission: READ },
        schema: {
          tags: ['reports'],
          summary:
            'Trends over twelve months, key figures, the cascade, coverage by org unit and data quality',
          querystring: z
            .object({
              period: z.string().max(40),
              orgUnit: z.string().max(50),
              suppress: z.coerce.number().int().min(2).max(100).optional(),
            })
            .strict(),
          response: { 200: dashboardSchema },
        },
      },
      async (req) => buildDashboard(h, req.actor, req.query),
    );

    app.post(
      '/estimates/import',
      {
        config: { permission: 'estimates.manage' },
        bodyLimit: 5 * 1024 * 1024,
        schema: {
          tags: ['reports'],
          summary:
            'Import PWID size estimates: CSV with org_unit,year,pwid,pwid_opioid (and optional source,pwid_lower,pwid_upper)',
          body: z.object({ csv: z.string().max(5 * 1024 * 1024) }).strict(),
          response: { 200: importResult },
        },
      },
      async (req) => importEstimates(h, req.actor, req.body.csv),
    );
    app.get(
      '/estimates',
      {
        config: { permission: READ },
        schema: {
          tags: ['reports'],
          summary: 'Size estimates entered for the units you may see',
          response: {
            200: z.array(
              z.object({
                orgUnit: z.string(),
                year: z.number(),
                pwid: z.number(),
                pwidOpioid: z.number().nullable(),
                pwidLower: z.number().nullable(),
                pwidUpper: z.number().nullable(),
                source: z.string().nullable(),
              }),
            ),
          },
        },
      },
      async (req) => listEstimates(h, req.actor),
    );
    app.get(
      '/targets',
      {
        config: { permission: READ },
        schema: {
          tags: ['reports'],
          summary: 'Targets entered for the units you may see',
          response: {
            200: z.array(
              z.object({ orgUnit: z.string(), indicator: z.string(), period: z.string(), value: z.number() }),
            ),
          },
        },
      },
      async (req) => listTargets(h, req.actor),
    );
    app.post(
      '/targets/import',
      {
        config: { permission: 'targets.manage' },
        bodyLimit: 5 * 1024 * 1024,
        schema: {
          tags: ['reports'],
          summary: `Import targets: CSV with org_unit,indicator,period,value (indicators: ${INDICATOR_IDS.slice(0, 4).join(', ')}, …)`,
          body: z.object({ csv: z.string().max(5 * 1024 * 1024) }).strict(),
          response: { 200: importResult },
        },
      },
      async (req) => importTargets(h, req.actor, req.body.csv),
    );

    app.get(
      '/dhis2/config',
      {
        config: { permission: 'dhis2.manage' },
        schema: {
          tags: ['dhis2'],
          summary: "An organisation's DHIS2 mapping and server (never the password or token)",
          querystring: z.object({ orgUnit: z.string().max(50) }).strict(),
          response: { 200: dhis2ConfigSchema },
        },
      },
      async (req) => getDhis2Config(h, req.actor, req.query.orgUnit),
    );
    app.put(
      '/dhis2/config',
      {
        config: { permission: 'dhis2.manage' },
        bodyLimit: 2 * 1024 * 1024,
        schema: {
          tags: ['dhis2'],
          summary:
            'Set the mapping (indicator + disaggregation → data element and category option combo; org units), and the server and its credentials',
          body: z
            .object({
              orgUnit: z.string().max(50),
              mapping: z.unknown().optional(),
              disaggregate: z.string().max(100).optional(),
              exact: z.boolean().optional(),
              server: z
                .object({
                  url: z.string().max(500),
                  authKind: z.enum(['basic', 'token']),
                  username: z.string().max(200).nullable().optional(),
                  secret: z.string().max(500).nullable().optional(),
                })
                .strict()
                .nullable()
                .optional(),
            })
            .strict(),
          response: { 200: dhis2ConfigSchema },
        },
      },
      async (req) => putDhis2Config(h, req.actor, req.body.orgUnit, req.body),
    );
    app.get(
      '/dhis2/data-set',
      {
        config: { permission: 'dhis2.manage' },
        schema: {
          tags: ['dhis2'],
          summary:
            "One data set's data elements, their category option combos and its org units, read from the organisation's DHIS2 (for building the mapping)",
          querystring: z
            .object({ orgUnit: z.string().max(50), dataSet: z.string().min(1).max(100) })
            .strict(),
          response: {
            200: z.object({
              id: z.string(),
              name: z.string(),
              dataElements: z.array(
                z.object({
                  id: z.string(),
                  name: z.string(),
                  categoryOptionCombos: z.array(z.object({ id: z.string(), name: z.string() })),
                }),
              ),
              orgUnits: z.array(z.object({ id: z.string(), name: z.string(), code: z.string().nullable() })),
            }),
          },
        },
      },
      async (req) => dhis2DataSet(h, req.actor, req.query.orgUnit, req.query.dataSet),
    );
    app.post(
      '/dhis2/push',
      {
        config: { permission: 'dhis2.manage' },
        schema: {
          tags: ['dhis2'],
          summary:
            "Send a period's values to DHIS2 (dryRun: DHIS2 checks them and imports nothing); returns DHIS2's import summary and conflicts",
          body: z
            .object({
              period: z.string().max(40),
              orgUnit: z.string().max(50),
              dryRun: z.boolean().default(true),
            })
            .strict(),
          response: { 200: dhis2PushSchema },
        },
      },
      async (req) => pushToDhis2(h, req.actor, req.body),
    );
  };
}
