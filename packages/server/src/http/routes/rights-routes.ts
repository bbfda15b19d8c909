/** Human rights cases (responders), capture (outreach and responders), trends (managers, advocates, donors). */

import {
  caseCreatedSchema,
  caseDetailSchema,
  caseSummarySchema,
  followUpDueSchema,
  keyRotationSchema,
  orgCode,
  rightsCaseInput,
  rightsCloseInput,
  rightsFollowUpInput,
  rightsResponseInput,
} from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Harbour } from '../../context.js';
import { rotateDataKey } from '../../rights/case-keys.js';
import {
  addFollowUp,
  addResponse,
  closeCase,
  completeFollowUp,
  createCase,
  followUpsDue,
  getCase,
  listCases,
  setConsent,
  withdrawConsent,
} from '../../rights/cases.js';
import { trendsCsv, trendsFor, trendsPdf, trendsXlsx } from '../../rights/trends-service.js';

const id = z.object({ id: z.uuid() });

export function rightsRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/rights/cases',
      {
        config: { permission: 'rights.capture' },
        schema: {
          tags: ['rights'],
          summary:
            'Record a case with consent: where and when (coarse), the person, who did what, and the narrative (sealed)',
          body: rightsCaseInput,
          response: { 201: caseCreatedSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await createCase(h, req.actor, req.body)),
    );
    app.get(
      '/rights/cases',
      {
        config: { permission: 'rights.case' },
        schema: {
          tags: ['rights'],
          summary: 'Cases at your sites (no narratives)',
          querystring: z.object({ status: z.enum(['open', 'closed', 'all']).default('open') }).strict(),
          response: { 200: z.object({ cases: z.array(caseSummarySchema) }) },
        },
      },
      async (req) => ({ cases: await listCases(h, req.actor, req.query.status) }),
    );
    app.get(
      '/rights/cases/:id',
      {
        config: { permission: 'rights.case' },
        schema: {
          tags: ['rights'],
          summary: 'One case with its narrative (the reading is audited)',
          params: id,
          response: { 200: caseDetailSchema },
        },
      },
      async (req) => getCase(h, req.actor, req.params.id),
    );
    app.post(
      '/rights/cases/:id/responses',
      {
        config: { permission: 'rights.case' },
        schema: {
          tags: ['rights'],
          summary: 'Record an action taken, directly or by referral',
          params: id,
          body: rightsResponseInput,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await addResponse(h, req.actor, req.params.id, req.body);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/rights/cases/:id/follow-ups',
      {
        config: { permission: 'rights.case' },
        schema: {
          tags: ['rights'],
          summary: 'Plan a follow-up',
          params: id,
          body: rightsFollowUpInput,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await addFollowUp(h, req.actor, req.params.id, req.body);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/rights/cases/:id/follow-ups/:followUpId/done',
      {
        config: { permission: 'rights.case' },
        schema: {
          tags: ['rights'],
          summary: 'Mark a follow-up done',
          params: id.extend({ followUpId: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await completeFollowUp(h, req.actor, req.params.id, req.params.followUpId);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/rights/cases/:id/close',
      {
        config: { permission: 'rights.case' },
        schema: {
          tags: ['rights'],
          summary: 'Close a case with its outcome',
          params: id,
          body: rightsCloseInput,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await closeCase(h, req.actor, req.params.id, req.body);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/rights/cases/:id/consent',
      {
        config: { permission: 'rights.case' },
        schema: {
          tags: ['rights'],
          summary: 'Change consent to advocacy use and to being contacted (kept in the history)',
          params: id,
          body: z.object({ advocacy: z.boolean(), contact: z.boolean() }).strict(),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await setConsent(h, req.actor, req.params.id, req.body);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/rights/cases/:id/withdraw',
      {
        config: { permission: 'rights.case' },
        schema: {
          tags: ['rights'],
          summary:
            'The person withdrew consent: destroy the narrative for good and take the case out of every trend and export',
          params: id,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await withdrawConsent(h, req.actor, req.params.id);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/rights/follow-ups',
      {
        config: { permission: 'rights.case' },
        schema: {
          tags: ['rights'],
          summary: 'Follow-ups not done yet, overdue first',
          response: { 200: z.object({ followUps: z.array(followUpDueSchema) }) },
        },
      },
      async (req) => ({ followUps: await followUpsDue(h, req.actor) }),
    );
    app.get(
      '/rights/trends',
      {
        config: { permission: ['rights.trends', 'rights.trends.suppressed'] },
        schema: {
          tags: ['rights'],
          summary:
            'Cases by violation, perpetrator, place, month and outcome; files (csv, xlsx, pdf) in the shape of shadow reports, always suppressed',
          querystring: z
            .object({
              orgUnit: orgCode,
              from: z.string().max(7),
              to: z.string().max(7),
              format: z.enum(['json', 'csv', 'xlsx', 'pdf']).default('json'),
            })
            .strict(),
        },
      },
      async (req, reply) => {
        const r = await trendsFor(h, req.actor, req.query);
        const name = `harbour-rights-${r.orgUnit}-${r.from}-${r.to}`;
        if (req.query.format === 'csv')
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${name}.csv"`)
            .send(trendsCsv(r.trends));
        if (req.query.format === 'pdf')
          return reply
            .type('application/pdf')
            .header('content-disposition', `attachment; filename="${name}.pdf"`)
            .send(await trendsPdf(r.trends, r));
        if (req.query.format === 'xlsx')
          return reply
            .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .header('content-disposition', `attachment; filename="${name}.xlsx"`)
            .send(await trendsXlsx(r.trends, r));
        return r;
      },
    );
    app.post(
      '/rights/keys/rotate',
      {
        config: { permission: 'keys.manage' },
        schema: {
          tags: ['rights'],
          summary:
            "Start a new version of an organisation's data key and re-seal every case key with it (online)",
          body: z.object({ orgUnit: orgCode }).strict(),
          response: { 200: keyRotationSchema },
        },
      },
      async (req) => {
        return rotateDataKey(h, req.actor, req.body.orgUnit);
      },
    );
  };
}
