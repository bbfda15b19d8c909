/** The directory of drug-user groups and networks: list (as each reader may see it), the country summary, and changes by its keepers. */

import {
  communityGroupInput,
  communityGroupSchema,
  countrySummarySchema,
  GROUP_KINDS,
  isCountryCode,
} from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  groupCountries,
  groupsToCsv,
  listGroups,
  removeGroup,
  saveGroup,
} from '../../community/group-service.js';
import type { Harbour } from '../../context.js';

const idParams = z.object({ id: z.string().uuid() }).strict();

export function communityRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/community/groups',
      {
        config: { signedIn: true },
        schema: {
          tags: ['community'],
          summary:
            "Drug-user groups and networks: every entry kept in the caller's subtree for the directory's readers (with contacts), the publicly listed ones for everyone else",
          querystring: z
            .object({
              country: z
                .string()
                .max(2)
                .refine((c) => isCountryCode(c.toUpperCase()), 'an ISO 3166-1 alpha-2 code')
                .optional(),
              kind: z.enum(GROUP_KINDS).optional(),
              seat: z.enum(['national', 'ccm']).optional(),
              format: z.enum(['json', 'csv']).default('json'),
            })
            .strict(),
        },
      },
      async (req, reply) => {
        const { format, ...filter } = req.query;
        const groups = await listGroups(h, req.actor, filter);
        if (format === 'csv')
          return reply
            .type('text/csv; charset=utf-8')
            .header('cache-control', 'no-store')
            .header('content-disposition', 'attachment; filename="harbour-community-groups.csv"')
            .send(groupsToCsv(groups));
        return reply
          .header('cache-control', 'no-store')
          .send({ groups: z.array(communityGroupSchema).parse(groups) });
      },
    );
    app.get(
      '/community/countries',
      {
        config: { signedIn: true },
        schema: {
          tags: ['community'],
          summary: 'Per country: groups, networks, voting seats in national bodies and the CCM, small grants',
          response: { 200: z.object({ countries: z.array(countrySummarySchema) }) },
        },
      },
      async (req) => ({ countries: await groupCountries(h, req.actor) }),
    );
    app.post(
      '/community/groups',
      {
        config: { permission: 'network.manage' },
        schema: {
          tags: ['community'],
          summary: 'Add a group or network to the directory',
          body: communityGroupInput,
          response: { 201: communityGroupSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await saveGroup(h, req.actor, req.body)),
    );
    app.put(
      '/community/groups/:id',
      {
        config: { permission: 'network.manage' },
        schema: {
          tags: ['community'],
          summary: "Replace a directory entry (its keeper's managers)",
          params: idParams,
          body: communityGroupInput,
          response: { 200: communityGroupSchema },
        },
      },
      async (req) => saveGroup(h, req.actor, req.body, req.params.id),
    );
    app.delete(
      '/community/groups/:id',
      {
        config: { permission: 'network.manage' },
        schema: {
          tags: ['community'],
          summary: 'Remove an entry (a group may ask to leave the directory); nothing of it stays',
          params: idParams,
          response: { 204: z.undefined() },
        },
      },
      async (req, reply) => {
        await removeGroup(h, req.actor, req.params.id);
        return reply.code(204).send();
      },
    );
  };
}
