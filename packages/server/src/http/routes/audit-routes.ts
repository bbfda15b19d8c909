/** Reading the audit log. */

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit } from '../../audit/audit-query.js';
import type { Harbour } from '../../context.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'YYYY-MM-DD or an ISO instant');

export function auditRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit',
      {
        config: { permission: 'audit.read' },
        schema: {
          tags: ['audit'],
          summary: 'Audit entries for the organisations you administer, newest first',
          querystring: z
            .object({
              action: z.string().max(100).optional(),
              actor: z.string().max(100).optional(),
              entityType: z.string().max(50).optional(),
              entityId: z.string().max(64).optional(),
              from: isoDate.optional(),
              to: isoDate.optional(),
              limit: z.coerce.number().int().min(1).max(500).default(50),
              offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
            })
            .strict(),
          response: {
            200: z.object({
              total: z.number(),
              entries: z.array(
                z.object({
                  chain: z.string(),
                  seq: z.number(),
                  at: z.string(),
                  actor: z.string(),
                  action: z.string(),
                  entityType: z.string(),
                  entityId: z.string().nullable(),
                  orgUnitId: z.string().nullable(),
                  details: z.record(z.string(), z.unknown()),
                }),
              ),
            }),
          },
        },
      },
      async (req) => listAudit(h, req.actor, req.query),
    );
  };
}
