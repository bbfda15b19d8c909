/** The organisation tree and its level names. */

import type { BoundaryGeometry } from '@harbour/core';
import { orgCode, RULES } from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Harbour } from '../../context.js';
import { boundariesWithin, importBoundaries } from '../../org/boundaries.js';
import {
  createOrgUnit,
  getOrgUnit,
  importOrgUnits,
  listOrgUnits,
  moveOrgUnit,
  renameOrgLevels,
  renameOrgUnit,
  setOrgUnitCountry,
} from '../../org/org-units.js';
import { getOrgStructure } from '../../settings/settings.js';

export const orgUnitSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  level: z.number(),
  levelName: z.string(),
  path: z.string(),
  orgId: z.string().nullable(),
  country: z.string().nullable(),
});

const importResult = z.object({
  created: z.number(),
  renamed: z.number(),
  moved: z.number(),
  countries: z.number(),
  unchanged: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), value: z.string(), message: z.string() })),
});

export function orgRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/org-units',
      {
        config: { permission: 'org.read' },
        schema: {
          tags: ['organisation'],
          summary: 'Org units you may see, parents first, with the level names',
          response: { 200: z.object({ levelNames: z.array(z.string()), units: z.array(orgUnitSchema) }) },
        },
      },
      async (req) => ({
        levelNames: (await getOrgStructure(h.db)).levelNames,
        units: await listOrgUnits(h, req.actor),
      }),
    );

    app.get(
      '/org-units/boundaries',
      {
        config: { permission: 'org.read' },
        schema: {
          tags: ['organisation'],
          summary: 'Boundaries (GeoJSON) of the units at one level inside a unit, for the coverage map',
          querystring: z.object({ within: orgCode, level: z.coerce.number().int().min(1).max(10) }).strict(),
          // GeoJSON: each feature's geometry is passed on whole, as it was imported and checked.
          response: {
            200: z.object({
              type: z.literal('FeatureCollection'),
              features: z.array(
                z.object({
                  type: z.literal('Feature'),
                  properties: z.object({ code: z.string(), name: z.string() }),
                  geometry: z.custom<BoundaryGeometry>(),
                }),
              ),
            }),
          },
        },
      },
      async (req, reply) => {
        const boundaries = await boundariesWithin(h, req.actor, req.query.within, req.query.level);
        // Boundaries change rarely: let the browser keep them for a day.
        reply.header('cache-control', 'private, max-age=86400');
        return boundaries;
      },
    );

    app.put(
      '/org-units/boundaries',
      {
        config: { permission: 'org.manage' },
        bodyLimit: 20 * 1024 * 1024,
        schema: {
          tags: ['organisation'],
          summary:
            'Load boundaries: a GeoJSON FeatureCollection of Polygon/MultiPolygon features with the org unit code in properties.code',
          body: z
            .object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()).max(50_000) })
            .passthrough(),
          response: {
            200: z.object({
              saved: z.number(),
              errors: z.array(
                z.object({
                  field: z.string(),
                  value: z.string().optional(),
                  rule: z.enum(RULES),
                  message: z.string(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => importBoundaries(h, req.actor, req.body),
    );

    app.get(
      '/org-units/:id',
      {
        config: { permission: 'org.read' },
        schema: {
          tags: ['organisation'],
          params: z.object({ id: z.string().max(64) }),
          response: { 200: orgUnitSchema },
        },
      },
      async (req) => getOrgUnit(h, req.actor, req.params.id),
    );

    app.post(
      '/org-units',
      {
        config: { permission: 'org.manage' },
        schema: {
          tags: ['organisation'],
          summary: 'Create an org unit under a parent you administer',
          body: z
            .object({ code: orgCode, name: z.string().trim().min(1).max(200), parentCode: orgCode })
            .strict(),
          response: { 201: orgUnitSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createOrgUnit(h, req.actor, req.body)),
    );

    app.patch(
      '/org-units/:id',
      {
        config: { permission: 'org.manage' },
        schema: {
          tags: ['organisation'],
          summary:
            'Rename an org unit, move it under another parent at the same level, or set its country (ISO 3166-1 alpha-2; null clears it)',
          params: z.object({ id: z.string().max(64) }),
          body: z
            .object({
              name: z.string().trim().min(1).max(200).optional(),
              parentCode: orgCode.optional(),
              country: z.string().max(8).nullable().optional(),
            })
            .strict()
            .refine(
              (b) => b.name !== undefined || b.parentCode !== undefined || b.country !== undefined,
              'give name, parentCode, country or several',
            ),
          response: { 200: orgUnitSchema },
        },
      },
      async (req) => {
        let unit =
          req.body.name !== undefined
            ? await renameOrgUnit(h, req.actor, req.params.id, req.body.name)
            : undefined;
        if (req.body.parentCode !== undefined)
          unit = await moveOrgUnit(h, req.actor, req.params.id, req.body.parentCode);
        if (req.body.country !== undefined)
          unit = await setOrgUnitCountry(
            h,
            req.actor,
            req.params.id,
            req.body.country?.toUpperCase() || null,
          );
        return unit!;
      },
    );

    app.post(
      '/org-units/import',
      {
        config: { permission: 'org.manage' },
        bodyLimit: 5 * 1024 * 1024,
        schema: {
          tags: ['organisation'],
          summary:
            'Import org units from CSV text with columns code,name,parent and optionally country (ISO 3166-1 alpha-2)',
          body: z
            .object({ csv: z.string().max(5 * 1024 * 1024), dryRun: z.boolean().default(false) })
            .strict(),
          response: { 200: importResult },
        },
      },
      async (req) => importOrgUnits(h, req.actor, req.body.csv, { dryRun: req.body.dryRun }),
    );

    app.put(
      '/settings/org-levels',
      {
        config: { permission: 'settings.manage' },
        schema: {
          tags: ['organisation'],
          summary: 'Rename the levels of the tree (top first)',
          body: z.object({ levelNames: z.array(z.string().trim().min(1).max(40)).min(1).max(10) }).strict(),
          response: { 200: z.object({ levelNames: z.array(z.string()) }) },
        },
      },
      async (req) => {
        await renameOrgLevels(h, req.actor, req.body.levelNames);
        return { levelNames: req.body.levelNames };
      },
    );
  };
}
