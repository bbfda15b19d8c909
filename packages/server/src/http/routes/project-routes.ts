/** Consortium projects: set-up, members' spending, budget against spending, and the results framework against what was achieved. */

import {
  frameworkInput,
  InputError,
  periodReportSchema,
  projectDashboardSchema,
  projectGrantsSchema,
  projectInput,
  projectResultsSchema,
  projectSummarySchema,
  receivingTokenInput,
  receivingTokenSchema,
  reportCalendarSchema,
  reportReviewInput,
  reportSubmitInput,
  resultValueInput,
  spendingInput,
} from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Harbour } from '../../context.js';
import { projectGrants } from '../../grants/project-grants.js';
import { projectReportFile } from '../../projects/project-report-file.js';
import { periodReport, reportCalendar, reviewReport, submitReport } from '../../projects/project-reports.js';
import { projectResults, recordResultValue, setFramework } from '../../projects/project-results.js';
import {
  listProjects,
  projectDashboard,
  recordSpending,
  saveProject,
} from '../../projects/project-service.js';
import { setUpFromWorkbook } from '../../projects/project-setup-file.js';
import { projectTemplate } from '../../projects/project-workbook.js';
import {
  issueReceivingToken,
  listReceivingTokens,
  revokeReceivingToken,
} from '../../projects/receiving-tokens.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const codeParams = z.object({ code: z.string().max(40) }).strict();
const reportParams = z
  .object({ code: z.string().max(40), member: z.string().max(40), period: z.string().max(10) })
  .strict();

export function projectRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/projects',
      {
        config: { permission: 'project.read' },
        schema: {
          tags: ['projects'],
          summary: 'Projects one leads, is a member of, or reads the totals of',
          response: { 200: z.object({ projects: z.array(projectSummarySchema) }) },
        },
      },
      async (req) => ({ projects: await listProjects(h, req.actor) }),
    );
    app.post(
      '/projects',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags: ['projects'],
          summary:
            'Set up a project: donor, dates, currency, total budget, budget lines, member organisations and their budgets',
          body: projectInput,
          response: { 201: projectSummarySchema },
        },
      },
      async (req, reply) => reply.code(201).send(await saveProject(h, req.actor, req.body)),
    );
    // The finance officer's workbook as the request body (docs/projects.md), up to 5 MB.
    app.addContentTypeParser(
      [XLSX, 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );
    app.post(
      '/projects/workbook',
      {
        config: { permission: 'project.manage' },
        bodyLimit: 5 * 1024 * 1024,
        schema: {
          tags: ['projects'],
          summary:
            "Set a project up from the finance officer's workbook (XLSX as the request body: sheets Project, Budget, Lines?, Framework?), set-up and results framework together; replace=true replaces the project with the workbook's code",
          querystring: z.object({ replace: z.enum(['true', 'false']).default('false') }).strict(),
          response: { 201: projectSummarySchema.extend({ framework: z.boolean() }) },
        },
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body))
          throw new InputError({
            field: 'file',
            rule: 'format',
            message: `Send the workbook itself as the body, with Content-Type: ${XLSX}`,
          });
        const saved = await setUpFromWorkbook(h, req.actor, req.body, {
          replace: req.query.replace === 'true',
        });
        return reply.code(201).send(saved);
      },
    );
    app.get(
      '/projects/template.xlsx',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags: ['projects'],
          summary:
            "The workbook template to fill in for a project's set-up (what `harbour project template` writes)",
        },
      },
      async (_req, reply) =>
        reply
          .type(XLSX)
          .header('content-disposition', 'attachment; filename="project-setup.xlsx"')
          .send(await projectTemplate()),
    );
    app.put(
      '/projects/:code',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags: ['projects'],
          summary: "Replace a project's set-up (the lead only); recorded spending stays",
          params: codeParams,
          body: projectInput,
          response: { 200: projectSummarySchema },
        },
      },
      async (req) => saveProject(h, req.actor, req.body, { replace: req.params.code }),
    );
    app.get(
      '/projects/:code',
      {
        config: { permission: 'project.read' },
        schema: {
          tags: ['projects'],
          summary:
            'Budget against spending by member and line, burn rate and projection, as far as the caller may see',
          params: codeParams,
          querystring: z
            .object({
              asOf: z
                .string()
                .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
                .optional(),
            })
            .strict(),
          response: { 200: projectDashboardSchema },
        },
      },
      async (req) => projectDashboard(h, req.actor, req.params.code, req.query.asOf),
    );
    app.post(
      '/projects/:code/spending',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags: ['projects'],
          summary:
            "Record a member's spending on a budget line in a period (replaces an earlier entry for the same three)",
          params: codeParams,
          body: spendingInput,
          response: {
            201: z.object({ id: z.string(), converted: z.string(), replaced: z.boolean() }),
          },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await recordSpending(h, req.actor, req.params.code, req.body)),
    );
    app.put(
      '/projects/:code/framework',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags: ['projects'],
          summary:
            "Set the results framework (the lead): indicators under objectives and expected results — Harbour's own or manual — with baselines and targets by period",
          params: codeParams,
          body: frameworkInput,
          response: { 204: z.undefined() },
        },
      },
      async (req, reply) => {
        await setFramework(h, req.actor, req.params.code, req.body);
        return reply.code(204).send();
      },
    );
    app.post(
      '/projects/:code/results',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags: ['projects'],
          summary: "Enter a manual indicator's value for a member and period, with its evidence",
          params: codeParams,
          body: resultValueInput,
          response: { 204: z.undefined() },
        },
      },
      async (req, reply) => {
        await recordResultValue(h, req.actor, req.params.code, req.body);
        return reply.code(204).send();
      },
    );
    app.get(
      '/projects/:code/results',
      {
        config: { permission: 'project.read' },
        schema: {
          tags: ['projects'],
          summary:
            "Targets against achieved per indicator and period, all members and each (Harbour's own indicators computed live, with the reader's report rights)",
          params: codeParams,
          response: { 200: projectResultsSchema },
        },
      },
      async (req) => projectResults(h, req.actor, req.params.code),
    );
    app.get(
      '/projects/:code/report',
      {
        config: { permission: 'project.read' },
        schema: {
          tags: ['projects'],
          summary:
            "The project report as one file — JSON, XLSX or PDF — as of a day or a period's last day, as far as the caller may see",
          params: codeParams,
          querystring: z
            .object({
              format: z.enum(['json', 'xlsx', 'pdf']).default('pdf'),
              asOf: z
                .string()
                .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
                .optional(),
              period: z.string().max(10).optional(),
            })
            .strict(),
        },
      },
      async (req, reply) => {
        const file = await projectReportFile(h, req.actor, req.params.code, {
          format: req.query.format,
          ...(req.query.asOf ? { asOf: req.query.asOf } : {}),
          ...(req.query.period ? { period: req.query.period } : {}),
        });
        return reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .send(file.body);
      },
    );
    app.get(
      '/projects/:code/grants',
      {
        config: { permission: 'project.read' },
        schema: {
          tags: ['projects'],
          summary:
            "The small-grants calls that report to the project: applications, awards, money awarded and paid, grants' status (no group names)",
          params: codeParams,
          response: { 200: projectGrantsSchema },
        },
      },
      async (req) => projectGrants(h, req.actor, req.params.code),
    );
    app.get(
      '/projects/:code/reports',
      {
        config: { permission: 'project.read' },
        schema: {
          tags: ['projects'],
          summary:
            "The report calendar: every reporting period, its due date, and where each member's report stands (late ones flagged)",
          params: codeParams,
          response: { 200: reportCalendarSchema },
        },
      },
      async (req) => reportCalendar(h, req.actor, req.params.code),
    );
    app.get(
      '/projects/:code/reports/:member/:period',
      {
        config: { permission: 'project.read' },
        schema: {
          tags: ['projects'],
          summary: "One member's report for a period, its narrative and history (the lead and that member)",
          params: reportParams,
          response: { 200: periodReportSchema },
        },
      },
      async (req) => periodReport(h, req.actor, req.params.code, req.params.member, req.params.period),
    );
    app.post(
      '/projects/:code/reports/:member/:period/submit',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags: ['projects'],
          summary: "Submit a member's report for a period that is over (the member, or the lead for it)",
          params: reportParams,
          body: reportSubmitInput,
          response: { 200: periodReportSchema },
        },
      },
      async (req) =>
        submitReport(h, req.actor, req.params.code, req.params.member, req.params.period, req.body),
    );
    app.post(
      '/projects/:code/reports/:member/:period/review',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags: ['projects'],
          summary:
            'Accept a submitted report, send it back with a comment, or reopen an accepted one (the lead)',
          params: reportParams,
          body: reportReviewInput,
          response: { 200: periodReportSchema },
        },
      },
      async (req) =>
        reviewReport(h, req.actor, req.params.code, req.params.member, req.params.period, req.body),
    );
    app.get(
      '/projects/:code/tokens',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags: ['projects'],
          summary: "Receiving tokens of the project's members' own servers (the lead)",
          params: codeParams,
          response: { 200: z.object({ tokens: z.array(receivingTokenSchema) }) },
        },
      },
      async (req) => ({ tokens: await listReceivingTokens(h, req.actor, req.params.code) }),
    );
    app.post(
      '/projects/:code/tokens',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags: ['projects'],
          summary:
            "Issue a receiving token for a member's own server, with its data elements mapped to Harbour's indicators; the token is shown once",
          params: codeParams,
          body: receivingTokenInput,
          response: { 201: receivingTokenSchema.extend({ token: z.string() }) },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await issueReceivingToken(h, req.actor, req.params.code, req.body)),
    );
    app.delete(
      '/projects/:code/tokens/:id',
      {
        config: { permission: 'project.manage' },
        schema: {
          tags: ['projects'],
          summary: "Revoke a member's receiving token; what it sent stays",
          params: z.object({ code: z.string().max(40), id: z.string().uuid() }).strict(),
          response: { 204: z.undefined() },
        },
      },
      async (req, reply) => {
        await revokeReceivingToken(h, req.actor, req.params.code, req.params.id);
        return reply.code(204).send();
      },
    );
  };
}
