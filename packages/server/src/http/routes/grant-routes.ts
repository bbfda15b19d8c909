/** Small-grants calls in the console: officers run calls and decide, programme managers read, community experts review. */

import {
  type ApplicationDetail,
  applicationDetailSchema,
  callDashboardSchema,
  conflictInput,
  decisionInput,
  directoryLinkInput,
  grantCallInput,
  grantCallSchema,
  grantCallSummarySchema,
  grantStatusInput,
  reviewAssignmentSchema,
  reviewDetailSchema,
  reviewInput,
  screeningInput,
  trancheInput,
  tranchePaidInput,
} from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Harbour } from '../../context.js';
import {
  assignCallReviewers,
  callDashboard,
  decisionsCsv,
  listCalls,
  saveCall,
} from '../../grants/call-service.js';
import {
  applicationDetail,
  decideApplication,
  downloadFile,
  linkDirectoryGroup,
  markTranchePaid,
  planTranche,
  screenApplication,
  setGrantStatus,
} from '../../grants/decision-service.js';
import { declareConflict, myReviews, reviewDetail, submitReview } from '../../grants/review-service.js';
import type { Actor } from '../../identity/actor.js';

const idParams = z.object({ id: z.string().uuid() }).strict();
const READ = ['grants.read', 'grants.manage'] as const;
const tags = ['grants'];

export function grantRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/grants/calls',
      {
        config: { permission: READ },
        schema: {
          tags,
          summary: 'The small-grants calls the caller runs or reads, newest first',
          response: { 200: z.object({ calls: z.array(grantCallSummarySchema) }) },
        },
      },
      async (req) => ({ calls: await listCalls(h, req.actor) }),
    );
    app.post(
      '/grants/calls',
      {
        config: { permission: 'grants.manage' },
        schema: { tags, summary: 'Open a call', body: grantCallInput, response: { 201: grantCallSchema } },
      },
      async (req, reply) => reply.code(201).send(await saveCall(h, req.actor, req.body)),
    );
    app.put(
      '/grants/calls/:id',
      {
        config: { permission: 'grants.manage' },
        schema: {
          tags,
          summary: 'Change a call (once groups have applied, its rubric, form and currency stay)',
          params: idParams,
          body: grantCallInput,
          response: { 200: grantCallSchema },
        },
      },
      async (req) => saveCall(h, req.actor, req.body, req.params.id),
    );
    app.get(
      '/grants/calls/:id',
      {
        config: { permission: READ },
        schema: {
          tags,
          summary: "The call's dashboard: applications, scores, ranking, the envelope, money, reviewers",
          params: idParams,
          response: { 200: callDashboardSchema },
        },
      },
      async (req, reply) =>
        reply.header('cache-control', 'no-store').send(await callDashboard(h, req.actor, req.params.id)),
    );
    app.get(
      '/grants/calls/:id/decisions',
      {
        config: { permission: READ },
        schema: { tags, summary: 'The decisions as CSV (no contacts)', params: idParams },
      },
      async (req, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('content-disposition', 'attachment; filename="harbour-grant-decisions.csv"')
          .send(await decisionsCsv(h, req.actor, req.params.id)),
    );
    app.post(
      '/grants/calls/:id/assignments',
      {
        config: { permission: 'grants.manage' },
        schema: {
          tags,
          summary: 'Give each eligible application the call’s number of reviewers, balancing their load',
          params: idParams,
          response: {
            200: z.object({
              added: z.number(),
              short: z.array(z.object({ application: z.string(), missing: z.number() })),
            }),
          },
        },
      },
      async (req) => assignCallReviewers(h, req.actor, req.params.id),
    );
    app.get(
      '/grants/applications/:id',
      {
        config: { permission: 'grants.manage' },
        schema: {
          tags,
          summary:
            "One application with the group's contact (audited), reviews, decision, tranches and reports",
          params: idParams,
          response: { 200: applicationDetailSchema },
        },
      },
      async (req, reply) =>
        reply.header('cache-control', 'no-store').send(await applicationDetail(h, req.actor, req.params.id)),
    );
    app.get(
      '/grants/applications/:id/files/:fileId',
      {
        config: { permission: ['grants.manage', 'grants.review'] },
        schema: {
          tags,
          summary: 'A file an applicant attached: always as a download, never shown in the page (audited)',
          params: z.object({ id: z.string().uuid(), fileId: z.string().uuid() }).strict(),
        },
      },
      async (req, reply) => {
        const f = await downloadFile(h, req.actor, req.params.id, req.params.fileId);
        return reply
          .type('application/octet-stream')
          .header('cache-control', 'no-store')
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header(
            'content-disposition',
            `attachment; filename="file.${f.type}"; filename*=UTF-8''${encodeURIComponent(f.name)}`,
          )
          .send(f.bytes);
      },
    );
    const applicationWrite = (
      url: string,
      summary: string,
      body: z.ZodType,
      run: (id: string, r: { actor: Actor; body: unknown }) => Promise<ApplicationDetail>,
    ) =>
      app.post(
        url,
        {
          config: { permission: 'grants.manage' },
          schema: { tags, summary, params: idParams, body, response: { 200: applicationDetailSchema } },
        },
        async (req) => run(req.params.id, { actor: req.actor, body: req.body }),
      );
    applicationWrite(
      '/grants/applications/:id/directory',
      "Link an awarded application to its group's entry in the directory of groups and networks (null unlinks)",
      directoryLinkInput,
      (id, r) => linkDirectoryGroup(h, r.actor, id, r.body),
    );
    applicationWrite(
      '/grants/applications/:id/screening',
      'Screen an application: eligible or not, with the reason the group reads',
      screeningInput,
      (id, r) => screenApplication(h, r.actor, id, r.body),
    );
    applicationWrite(
      '/grants/applications/:id/decision',
      'Award or decline (past the envelope or against the rank order only with a reason)',
      decisionInput,
      (id, r) => decideApplication(h, r.actor, id, r.body),
    );
    applicationWrite(
      '/grants/applications/:id/tranches',
      'Plan a tranche of an awarded grant',
      trancheInput,
      (id, r) => planTranche(h, r.actor, id, r.body),
    );
    applicationWrite(
      '/grants/applications/:id/status',
      "Set a grant's status (suspending or closing says why)",
      grantStatusInput,
      (id, r) => setGrantStatus(h, r.actor, id, r.body),
    );
    app.post(
      '/grants/applications/:id/tranches/:trancheId/paid',
      {
        config: { permission: 'grants.manage' },
        schema: {
          tags,
          summary: 'Record that a tranche was paid',
          params: z.object({ id: z.string().uuid(), trancheId: z.string().uuid() }).strict(),
          body: tranchePaidInput,
          response: { 200: applicationDetailSchema },
        },
      },
      async (req) => markTranchePaid(h, req.actor, req.params.id, req.params.trancheId, req.body),
    );

    app.get(
      '/grants/reviews',
      {
        config: { permission: 'grants.review' },
        schema: {
          tags,
          summary: "The caller's review assignments",
          response: { 200: z.object({ reviews: z.array(reviewAssignmentSchema) }) },
        },
      },
      async (req) => ({ reviews: await myReviews(h, req.actor) }),
    );
    app.get(
      '/grants/reviews/:id',
      {
        config: { permission: 'grants.review' },
        schema: {
          tags,
          summary: 'An assigned application (after declaring no conflict), without the group’s contact',
          params: idParams,
          response: { 200: reviewDetailSchema },
        },
      },
      async (req, reply) =>
        reply.header('cache-control', 'no-store').send(await reviewDetail(h, req.actor, req.params.id)),
    );
    app.post(
      '/grants/reviews/:id/conflict',
      {
        config: { permission: 'grants.review' },
        schema: {
          tags,
          summary: 'Declare a conflict of interest (off the application for good) or none',
          params: idParams,
          body: conflictInput,
          response: { 200: reviewDetailSchema },
        },
      },
      async (req) => declareConflict(h, req.actor, req.params.id, req.body),
    );
    app.post(
      '/grants/reviews/:id',
      {
        config: { permission: 'grants.review' },
        schema: {
          tags,
          summary: 'Score every criterion, with comments',
          params: idParams,
          body: reviewInput,
          response: { 200: reviewDetailSchema },
        },
      },
      async (req) => submitReview(h, req.actor, req.params.id, req.body),
    );
  };
}
