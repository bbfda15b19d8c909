/**
 * DHIS2's data value set endpoint, for members' own servers: `POST /api/dataValueSets` with DHIS2's
 * JSON or an ADX message, authorised by a receiving token (`Authorization: ApiToken …`, as DHIS2
 * takes personal access tokens), answered with DHIS2's import summary. A member's Harbour pushes here
 * with its ordinary DHIS2 push; a member's DHIS2 with its data exchange or a script.
 */

import type { SentValue } from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Harbour } from '../../context.js';
import { readAdx } from '../../projects/adx-read.js';
import { type ImportSummary, receiveDataValues, refusedSummary } from '../../projects/receive-values.js';
import { senderOf } from '../../projects/receiving-tokens.js';

/** At most this many values in one set: a quarter of a large member's disaggregated figures fits. */
export const MAX_VALUES_PER_SET = 100_000;

const XML_TYPES = ['application/adx+xml', 'application/xml', 'text/xml'];

const setShape = z.object({
  dataSet: z.string().max(60).optional(),
  period: z.string().max(40).optional(),
  orgUnit: z.string().max(60).optional(),
  completeDate: z.string().max(40).optional(),
  dataValues: z.array(z.record(z.string(), z.unknown())).max(MAX_VALUES_PER_SET),
});

export function receivingRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(XML_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, body));
    app.post(
      '/api/dataValueSets',
      {
        bodyLimit: 32 * 1024 * 1024,
        config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: {
          tags: ['projects'],
          summary:
            "Members' own servers send their figures here as to DHIS2: a data value set (JSON) or ADX, with a receiving token",
          querystring: z
            .object({
              dryRun: z.enum(['true', 'false']).optional(),
              importStrategy: z.string().max(40).optional(),
            })
            .passthrough(),
          body: z.unknown(),
        },
      },
      async (req, reply) => {
        const send = (summary: ImportSummary, code?: number) =>
          reply.code(code ?? summary.httpStatusCode).send(summary);
        const header = req.headers.authorization ?? '';
        const token = /^(ApiToken|Bearer) (.+)$/.exec(header)?.[2];
        const sender = await senderOf(h, token);
        if (!sender)
          return reply.code(401).send({
            httpStatus: 'Unauthorized',
            httpStatusCode: 401,
            status: 'ERROR',
            message:
              'A receiving token is needed (Authorization: ApiToken …); ask the project’s lead for one',
          });
        const dryRun = req.query.dryRun === 'true';
        const strategy = req.query.importStrategy ?? 'CREATE_AND_UPDATE';
        if (!['CREATE_AND_UPDATE', 'CREATE', 'UPDATE', 'NEW_AND_UPDATES'].includes(strategy))
          return send(
            refusedSummary(
              `Import strategy ${strategy.slice(0, 40)} is not taken here; send CREATE_AND_UPDATE`,
              dryRun,
            ),
          );
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        let values: SentValue[];
        if (XML_TYPES.includes(type)) {
          const read = await readAdx(String(req.body ?? ''));
          if (!read.ok) return send(refusedSummary(read.reason, dryRun));
          if (read.values.length > MAX_VALUES_PER_SET)
            return send(refusedSummary(`At most ${MAX_VALUES_PER_SET} values in one message`, dryRun));
          values = read.values;
        } else {
          const set = setShape.safeParse(req.body);
          if (!set.success) {
            const issue = set.error.issues[0];
            return send(
              refusedSummary(
                `Not a data value set: ${issue ? `${issue.path.join('.') || 'body'} ${issue.message}` : 'unreadable'}`,
                dryRun,
              ),
            );
          }
          // A set may give the period and org unit once for all its values, as DHIS2 allows.
          values = set.data.dataValues.map((v) => ({
            ...v,
            period: v.period ?? set.data.period,
            orgUnit: v.orgUnit ?? set.data.orgUnit,
          }));
        }
        return send(
          await receiveDataValues(h, sender, values, {
            dryRun,
            format: XML_TYPES.includes(type) ? 'adx' : 'json',
          }),
        );
      },
    );
  };
}
