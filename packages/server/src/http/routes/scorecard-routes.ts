/** Community-led monitoring in the console: checklists, visits to sites, the scorecard, action items and its files. */

import {
  actionItemInput,
  actionItemSchema,
  actionUpdateInput,
  checklistInput,
  checklistSchema,
  scorecardSchema,
  serviceReviewDetailSchema,
  serviceReviewSchema,
  siteSummarySchema,
  visitInput,
} from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Harbour } from '../../context.js';
import { addAction, updateAction } from '../../service-reviews/action-service.js';
import {
  assignInput,
  assignVisit,
  checklistAt,
  listVisits,
  myVisits,
  saveChecklist,
  submitVisit,
  visitDetail,
  visitorsFor,
  withdrawVisit,
} from '../../service-reviews/review-service.js';
import { scorecardToPdf, scorecardToXlsx } from '../../service-reviews/scorecard-exports.js';
import { scorecardOf, siteSummaries } from '../../service-reviews/scorecard-service.js';

const tags = ['scorecards'];
const READ = ['scorecard.read', 'scorecard.manage'] as const;
const idParams = z.object({ id: z.string().uuid() }).strict();
const siteParams = z.object({ site: z.string().min(1).max(40) }).strict();

export function scorecardRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/scorecards/sites',
      {
        config: { permission: READ },
        schema: {
          tags,
          summary:
            'Every site in the caller’s scope with visits or action items: latest score, visits to make, actions open and late',
          response: { 200: z.object({ sites: z.array(siteSummarySchema) }) },
        },
      },
      async (req) => ({ sites: await siteSummaries(h, req.actor) }),
    );
    app.get(
      '/scorecards/sites/:site',
      {
        config: { permission: READ },
        schema: {
          tags,
          summary:
            'A site’s scorecard over time (per item and overall), clients’ feedback and its action items',
          params: siteParams,
          response: { 200: scorecardSchema },
        },
      },
      async (req, reply) =>
        reply.header('cache-control', 'no-store').send(await scorecardOf(h, req.actor, req.params.site)),
    );
    app.get(
      '/scorecards/sites/:site/export',
      {
        config: { permission: READ },
        schema: {
          tags,
          summary:
            'A site’s scorecard as a PDF or an XLSX workbook, for the community and the donor (no experts’ notes)',
          params: siteParams,
          querystring: z.object({ format: z.enum(['pdf', 'xlsx']).default('pdf') }).strict(),
        },
      },
      async (req, reply) => {
        const card = await scorecardOf(h, req.actor, req.params.site);
        const name = `scorecard-${card.site.code.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
        const file =
          req.query.format === 'pdf'
            ? { body: await scorecardToPdf(card), type: 'application/pdf', ext: 'pdf' }
            : {
                body: await scorecardToXlsx(card),
                type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                ext: 'xlsx',
              };
        return reply
          .type(file.type)
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="${name}.${file.ext}"`)
          .send(file.body);
      },
    );
    app.get(
      '/scorecards/checklist',
      {
        config: { permission: READ },
        schema: {
          tags,
          summary:
            'The checklist that applies at a unit: its own, the nearest above it, or the default (id "")',
          querystring: z.object({ unit: z.string().min(1).max(40) }).strict(),
          response: { 200: checklistSchema },
        },
      },
      async (req) => checklistAt(h, req.actor, req.query.unit),
    );
    app.put(
      '/scorecards/checklist',
      {
        config: { permission: 'scorecard.manage' },
        schema: {
          tags,
          summary: 'Set the checklist of a unit’s sites',
          body: checklistInput,
          response: { 200: checklistSchema },
        },
      },
      async (req) => saveChecklist(h, req.actor, req.body),
    );
    app.get(
      '/scorecards/visits',
      {
        config: { permission: READ },
        schema: {
          tags,
          summary: 'Visits asked for and made, of one site or every site in scope (no notes)',
          querystring: z.object({ site: z.string().min(1).max(40).optional() }).strict(),
          response: { 200: z.object({ visits: z.array(serviceReviewSchema) }) },
        },
      },
      async (req) => ({ visits: await listVisits(h, req.actor, req.query.site) }),
    );
    app.get(
      '/scorecards/visitors',
      {
        config: { permission: 'scorecard.manage' },
        schema: {
          tags,
          summary: 'The community experts who may visit a site',
          querystring: siteParams,
          response: { 200: z.object({ experts: z.array(z.object({ id: z.string(), name: z.string() })) }) },
        },
      },
      async (req) => ({ experts: await visitorsFor(h, req.actor, req.query.site) }),
    );
    app.post(
      '/scorecards/visits',
      {
        config: { permission: 'scorecard.manage' },
        schema: {
          tags,
          summary: 'Ask an expert to visit a site by a day',
          body: assignInput,
          response: { 201: serviceReviewSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await assignVisit(h, req.actor, req.body)),
    );
    app.delete(
      '/scorecards/visits/:id',
      {
        config: { permission: 'scorecard.manage' },
        schema: {
          tags,
          summary: 'Take back a visit not yet made',
          params: idParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await withdrawVisit(h, req.actor, req.params.id);
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/scorecards/my-visits',
      {
        config: { permission: 'scorecard.visit' },
        schema: {
          tags,
          summary: 'The visits the expert is asked to make',
          response: { 200: z.object({ visits: z.array(serviceReviewSchema) }) },
        },
      },
      async (req) => ({ visits: await myVisits(h, req.actor) }),
    );
    app.get(
      '/scorecards/visits/:id',
      {
        config: { permission: ['scorecard.visit', 'scorecard.manage'] },
        schema: {
          tags,
          summary:
            'A visit with its checklist and what the expert wrote (the expert’s own, or audited for those who run reviews)',
          params: idParams,
          response: { 200: serviceReviewDetailSchema },
        },
      },
      async (req, reply) =>
        reply.header('cache-control', 'no-store').send(await visitDetail(h, req.actor, req.params.id)),
    );
    app.put(
      '/scorecards/visits/:id',
      {
        config: { permission: 'scorecard.visit' },
        schema: {
          tags,
          summary: 'The expert sends the visit; the same visit sent again is answered with what is kept',
          params: idParams,
          body: visitInput,
          response: { 200: serviceReviewDetailSchema },
        },
      },
      async (req) => submitVisit(h, req.actor, req.params.id, req.body),
    );
    app.post(
      '/scorecards/actions',
      {
        config: { permission: 'scorecard.manage' },
        schema: {
          tags,
          summary: 'Turn a finding into an action item',
          body: actionItemInput,
          response: { 201: actionItemSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await addAction(h, req.actor, req.body)),
    );
    app.patch(
      '/scorecards/actions/:id',
      {
        config: { permission: ['scorecard.act', 'scorecard.manage'] },
        schema: {
          tags,
          summary: 'Move an action item along (dropping one needs a note)',
          params: idParams,
          body: actionUpdateInput,
          response: { 200: actionItemSchema },
        },
      },
      async (req) => updateAction(h, req.actor, req.params.id, req.body),
    );
  };
}
