/** Overdose events: record (with or without a client), list a site's, void with a reason. */

import { overdoseInput, overdoseView } from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Harbour } from '../../context.js';
import {
  listOverdoses,
  OVERDOSE_VOID_REASONS,
  recordOverdose,
  voidOverdose,
} from '../../overdoses/overdose-events.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export function overdoseRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/overdoses',
      {
        config: { permission: 'contact.write' },
        schema: {
          tags: ['overdoses'],
          summary: 'Record an overdose responded to, with or without a client',
          body: overdoseInput.extend({ id: z.uuid().optional() }),
          response: { 201: z.object({ id: z.string(), duplicate: z.boolean() }) },
        },
      },
      async (req, reply) => {
        const { id, ...input } = req.body;
        return reply
          .code(201)
          .send(await recordOverdose(h, req.actor, input, { source: 'console', ...(id ? { id } : {}) }));
      },
    );
    app.get(
      '/overdoses',
      {
        config: { permission: 'contact.write' },
        schema: {
          tags: ['overdoses'],
          summary: "Overdoses at the sites in one's subtrees, newest first",
          querystring: z
            .object({
              from: isoDate.optional(),
              to: isoDate.optional(),
              limit: z.coerce.number().int().min(1).max(1000).optional(),
            })
            .strict(),
          response: { 200: z.object({ overdoses: z.array(overdoseView) }) },
        },
      },
      async (req) => ({ overdoses: await listOverdoses(h, req.actor, req.query) }),
    );
    app.post(
      '/overdoses/:id/void',
      {
        config: { permission: 'contact.correct' },
        schema: {
          tags: ['overdoses'],
          summary: 'Void an overdose recorded in error, with a reason',
          params: z.object({ id: z.uuid() }),
          body: z.object({ reason: z.enum(OVERDOSE_VOID_REASONS) }).strict(),
          response: { 204: z.undefined() },
        },
      },
      async (req, reply) => {
        await voidOverdose(h, req.actor, req.params.id, req.body.reason);
        return reply.code(204).send();
      },
    );
  };
}
