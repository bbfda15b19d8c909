/** Clients: find by code (in the body, never the URL), enrol, read, edit, timeline; the UIC scheme and the catalogue. */

import {
  DEFAULT_CATALOGUE,
  KEY_POPULATIONS,
  SEXES,
  schemeQuestions,
  timelineSchema,
  yearNumber,
} from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { siteFor } from '../../clients/client-access.js';
import { enrolClient, getClient, lookupClient, updateClient } from '../../clients/registry.js';
import { clientTimeline } from '../../clients/timeline.js';
import { workSites } from '../../clients/work-sites.js';
import type { Harbour } from '../../context.js';
import { programmeSettings } from '../../programme/programme-settings.js';

const answers = z
  .object({
    surname: z.string().max(100).nullable().optional(),
    givenName: z.string().max(100).nullable().optional(),
    motherName: z.string().max(100).nullable().optional(),
    fatherName: z.string().max(100).nullable().optional(),
    sex: z.enum(SEXES).nullable().optional(),
    birthDate: z.string().max(10).nullable().optional(),
    site: z.string().max(50).nullable().optional(),
  })
  .strict();

export const clientView = z.object({
  id: z.string(),
  ref: z.string(),
  suffix: z.number(),
  sex: z.string(),
  birthYear: z.number().nullable(),
  kp: z.string().nullable(),
  enrolSite: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  firstContactDate: z.string().nullable(),
  lastContactDate: z.string().nullable(),
  alias: z.string().nullable(),
  mergedInto: z.string().nullable(),
  access: z.enum(['full', 'serve']),
});

const idParams = z.object({ id: z.string().uuid() });

export function clientRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/work-sites',
      {
        config: { signedIn: true },
        schema: {
          tags: ['clients'],
          summary: 'Org units where you may work with clients, with what you may do at each',
          response: {
            200: z.object({
              sites: z.array(
                z.object({
                  id: z.string(),
                  code: z.string(),
                  name: z.string(),
                  leaf: z.boolean(),
                  permissions: z.array(z.string()),
                }),
              ),
            }),
          },
        },
      },
      async (req) => ({ sites: await workSites(h, req.actor) }),
    );

    app.get(
      '/programme',
      {
        config: { permission: 'client.read' },
        schema: {
          tags: ['clients'],
          summary: "The programme's UIC scheme, service catalogue and choices, for a site you work at",
          querystring: z.object({ siteCode: z.string().max(50) }).strict(),
          response: {
            200: z.object({
              uicScheme: z.object({
                id: z.string(),
                parts: z.array(z.record(z.string(), z.unknown())),
                questions: z.array(z.string()),
              }),
              aliasEnabled: z.boolean(),
              referralFollowUpDays: z.number(),
              catalogue: z.array(
                z.object({
                  code: z.string(),
                  kind: z.string(),
                  label: z.string(),
                  feeds: z.array(z.string()),
                  results: z.array(z.string()).optional(),
                  maxQuantity: z.number().optional(),
                  stocked: z.boolean().optional(),
                }),
              ),
              sexes: z.array(z.string()),
              keyPopulations: z.array(z.string()),
            }),
          },
        },
      },
      async (req) => {
        const site = await siteFor(h, req.actor, req.query.siteCode, 'client.read');
        const p = await programmeSettings(h.db, site.org_id);
        return {
          uicScheme: {
            id: p.uicScheme.id,
            parts: p.uicScheme.parts as unknown as Record<string, unknown>[],
            questions: schemeQuestions(p.uicScheme),
          },
          aliasEnabled: p.aliasEnabled,
          referralFollowUpDays: p.referralFollowUpDays,
          catalogue: [...DEFAULT_CATALOGUE, ...p.catalogueExtra].map((i) => ({
            ...i,
            results: i.results ? [...i.results] : undefined,
          })),
          sexes: [...SEXES],
          keyPopulations: [...KEY_POPULATIONS],
        };
      },
    );

    app.post(
      '/clients/lookup',
      {
        config: { permission: 'client.read' },
        schema: {
          tags: ['clients'],
          summary:
            'Find clients by UIC (typed, or built from the answers) in the organisation of a site you work at',
          body: z
            .object({
              siteCode: z.string().max(50),
              uic: z.string().max(100).optional(),
              answers: answers.optional(),
            })
            .strict(),
          response: { 200: z.object({ matches: z.array(clientView) }) },
        },
      },
      async (req) => lookupClient(h, req.actor, req.body),
    );

    app.post(
      '/clients',
      {
        config: { permission: 'client.write' },
        schema: {
          tags: ['clients'],
          summary:
            'Enrol a client: no name, a code (typed or built from answers), sex or gender, birth year, key population',
          body: z
            .object({
              id: z.string().uuid().optional(),
              siteCode: z.string().max(50),
              uic: z.string().max(100).optional(),
              answers: answers.optional(),
              sex: z.enum(SEXES),
              birthYear: yearNumber.nullable().optional(),
              kp: z.enum(KEY_POPULATIONS).nullable().optional(),
              alias: z.string().trim().min(1).max(60).nullable().optional(),
              differentPersonSameCode: z.boolean().optional(),
            })
            .strict(),
          response: { 201: clientView },
        },
      },
      async (req, reply) => reply.code(201).send(await enrolClient(h, req.actor, req.body)),
    );

    app.get(
      '/clients/:id',
      {
        config: { permission: 'client.read' },
        schema: {
          tags: ['clients'],
          summary: 'A client’s profile (the read is audited)',
          params: idParams,
          response: { 200: clientView },
        },
      },
      async (req) => getClient(h, req.actor, req.params.id),
    );

    app.patch(
      '/clients/:id',
      {
        config: { permission: 'client.write' },
        schema: {
          tags: ['clients'],
          summary: 'Correct a client’s profile',
          params: idParams,
          body: z
            .object({
              sex: z.enum(SEXES).optional(),
              birthYear: yearNumber.nullable().optional(),
              kp: z.enum(KEY_POPULATIONS).nullable().optional(),
              alias: z.string().trim().min(1).max(60).nullable().optional(),
            })
            .strict(),
          response: { 200: clientView },
        },
      },
      async (req) => updateClient(h, req.actor, req.params.id, req.body),
    );

    app.get(
      '/clients/:id/timeline',
      {
        config: { permission: 'client.read' },
        schema: {
          tags: ['clients'],
          summary: 'Everything recorded for a client (and clients merged into them), newest first',
          params: idParams,
          response: { 200: timelineSchema },
        },
      },
      async (req) => clientTimeline(h, req.actor, req.params.id),
    );
  };
}
