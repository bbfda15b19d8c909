/** Advocacy evidence: country figures and their history, profiles, what-ifs, scenarios, the gap map and trends. */

import {
  countriesOverviewSchema,
  countryProfileSchema,
  countryTrendsSchema,
  figureHistorySchema,
  figureImportResultSchema,
  figureInputSchema,
  figureListSchema,
  figureViewSchema,
  keepersSchema,
  mapMeasureSchema,
  orgCode,
  scenarioSchema,
  whatIfSchema,
} from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  countriesOverview,
  countryProfile,
  countryTrends,
  figureHistory,
  importFigures,
  listFigures,
  listScenarios,
  removeScenario,
  saveFigure,
  saveScenario,
} from '../../advocacy/advocacy-service.js';
import { mayManage, readableKeepers } from '../../advocacy/evidence-access.js';
import { PROFILE_FORMATS, profileDocument } from '../../advocacy/profile-document.js';
import type { Harbour } from '../../context.js';

const keeper = orgCode.optional().describe('the org unit keeping the evidence (default: your highest)');
const country = z.object({
  country: z.string().regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as UA'),
});
const year = z.coerce.number().int().min(1950).max(2100);
const tags = ['advocacy'];

export function advocacyRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/advocacy/keepers',
      {
        config: { permission: 'advocacy.read' },
        schema: {
          tags,
          summary: 'The bodies of evidence you may read (and whether you may change each)',
          response: { 200: keepersSchema },
        },
      },
      async (req) => ({
        keepers: (await readableKeepers(h.db, req.actor)).map((k) => ({
          code: k.code,
          name: k.name,
          mayEdit: mayManage(req.actor, k),
        })),
      }),
    );

    app.get(
      '/advocacy/figures',
      {
        config: { permission: 'advocacy.read' },
        schema: {
          tags,
          summary: "A country's figures, every year, each with its source and version",
          querystring: z.object({ country: country.shape.country, keeper }).strict(),
          response: { 200: figureListSchema },
        },
      },
      async (req) => listFigures(h, req.actor, req.query.country, req.query.keeper),
    );

    app.put(
      '/advocacy/figures',
      {
        config: { permission: 'advocacy.manage' },
        schema: {
          tags,
          summary:
            'Add or change one figure (same checks as an imported row; the old value stays in its history)',
          querystring: z.object({ keeper }).strict(),
          body: figureInputSchema,
          response: { 200: z.object({ figure: figureViewSchema, changed: z.boolean() }) },
        },
      },
      async (req) => saveFigure(h, req.actor, req.body, req.query.keeper),
    );

    app.get(
      '/advocacy/figures/:id/history',
      {
        config: { permission: 'advocacy.read' },
        schema: {
          tags,
          summary: 'Every version of a figure: who changed it, when, and from what',
          params: z.object({ id: z.uuid() }),
          response: { 200: figureHistorySchema },
        },
      },
      async (req) => figureHistory(h, req.actor, req.params.id),
    );

    app.post(
      '/advocacy/figures/import',
      {
        config: { permission: 'advocacy.manage' },
        bodyLimit: 20 * 1024 * 1024,
        schema: {
          tags,
          summary:
            'Import the long CSV of country figures (docs/advocacy.md): good rows kept, each bad one named',
          body: z
            .object({ csv: z.string().max(20 * 1024 * 1024), dryRun: z.boolean().default(false), keeper })
            .strict(),
          response: { 200: figureImportResultSchema },
        },
      },
      async (req) =>
        importFigures(h, req.actor, req.body.csv, { dryRun: req.body.dryRun, keeper: req.body.keeper }),
    );

    app.get(
      '/advocacy/countries',
      {
        config: { permission: 'advocacy.read' },
        schema: {
          tags,
          summary:
            'Every country with evidence up to the year, coloured by one measure (the gap map and table)',
          querystring: z.object({ year, measure: mapMeasureSchema.default('nsp.level'), keeper }).strict(),
          response: { 200: countriesOverviewSchema },
        },
      },
      async (req) => countriesOverview(h, req.actor, req.query),
    );

    app.get(
      '/advocacy/countries/:country/profile',
      {
        config: { permission: 'advocacy.read' },
        schema: {
          tags,
          summary:
            'The country profile (harbour.country-profile/1), optionally with a saved scenario applied',
          params: country,
          querystring: z.object({ year, keeper, scenario: z.uuid().optional() }).strict(),
          response: { 200: countryProfileSchema },
        },
      },
      async (req) => countryProfile(h, req.actor, { country: req.params.country, ...req.query }),
    );

    app.get(
      '/advocacy/countries/:country/profile/export',
      {
        config: { permission: 'advocacy.read' },
        schema: {
          tags,
          summary: 'The profile as CSV or XLSX, or the two-page country brief as PDF (in en, ru or fr)',
          params: country,
          querystring: z
            .object({
              year,
              keeper,
              scenario: z.uuid().optional(),
              format: z.enum(PROFILE_FORMATS).default('pdf'),
              lang: z.string().max(10).optional(),
            })
            .strict(),
        },
      },
      async (req, reply) => {
        const { format, lang, ...rest } = req.query;
        const out = await profileDocument(
          h,
          req.actor,
          { country: req.params.country, ...rest },
          format,
          lang,
        );
        return reply
          .type(out.contentType)
          .header('content-disposition', `attachment; filename="${out.filename}"`)
          .send(out.body);
      },
    );

    app.post(
      '/advocacy/countries/:country/what-if',
      {
        config: { permission: 'advocacy.read' },
        schema: {
          tags,
          summary: 'The profile with some values changed, not saved: every derived figure moves',
          params: country,
          body: z
            .object({
              year: z.number().int().min(1950).max(2100),
              whatIf: z.array(whatIfSchema).max(60),
              keeper,
              scenario: z.uuid().optional(),
            })
            .strict(),
          response: { 200: countryProfileSchema },
        },
      },
      async (req) => countryProfile(h, req.actor, { country: req.params.country, ...req.body }),
    );

    app.get(
      '/advocacy/countries/:country/trends',
      {
        config: { permission: 'advocacy.read' },
        schema: {
          tags,
          summary: "A country's headline figures for each year of a range",
          params: country,
          querystring: z.object({ from: year, to: year, keeper }).strict(),
          response: { 200: countryTrendsSchema },
        },
      },
      async (req) => countryTrends(h, req.actor, { country: req.params.country, ...req.query }),
    );

    app.get(
      '/advocacy/countries/:country/scenarios',
      {
        config: { permission: 'advocacy.read' },
        schema: {
          tags,
          summary: "A country's saved what-if scenarios",
          params: country,
          querystring: z.object({ keeper }).strict(),
          response: { 200: z.object({ scenarios: z.array(scenarioSchema) }) },
        },
      },
      async (req) => ({ scenarios: await listScenarios(h, req.actor, req.params.country, req.query.keeper) }),
    );

    app.post(
      '/advocacy/countries/:country/scenarios',
      {
        config: { permission: 'advocacy.manage' },
        schema: {
          tags,
          summary: 'Save a what-if under a name (the same name again replaces it)',
          params: country,
          body: z
            .object({
              year: z.number().int().min(1950).max(2100),
              name: z.string().max(200),
              whatIf: z.array(whatIfSchema).min(1).max(60),
              keeper,
            })
            .strict(),
          response: { 201: scenarioSchema },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await saveScenario(h, req.actor, { country: req.params.country, ...req.body })),
    );

    app.delete(
      '/advocacy/scenarios/:id',
      {
        config: { permission: 'advocacy.manage' },
        schema: {
          tags,
          summary: 'Delete a saved scenario',
          params: z.object({ id: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await removeScenario(h, req.actor, req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
