/**
 * A call's public side, for community groups without an account: the call, applying, and the group's
 * own application through its private link. The link's token travels in the `x-application-link`
 * header (the page keeps it after `#` in its address, which browsers never send), so it is in no
 * server log. Limits per address keep the door from being hammered.
 */

import {
  applicantViewSchema,
  applicationInput,
  grantReportInput,
  InputError,
  MAX_FILE_BYTES,
  publicCallSchema,
} from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Harbour } from '../../context.js';
import {
  applicantView,
  apply,
  attachFile,
  editApplication,
  publicCall,
  submitGrantReport,
} from '../../grants/application-service.js';

const tags = ['apply'];
const LINK = 'x-application-link';
const linkOf = (headers: Record<string, unknown>) => {
  const v = headers[LINK];
  return typeof v === 'string' ? v : undefined;
};
const perMinute = (max: number) => ({ max, timeWindow: '1 minute' });

export function applyRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES + 1 },
      (_req, body, done) => done(null, body),
    );
    app.get(
      '/apply/calls/:id',
      {
        config: { public: true, rateLimit: perMinute(120) },
        schema: {
          tags,
          summary: 'A call as groups read it: what it funds, who may apply, the form, until when',
          params: z.object({ id: z.string().uuid() }).strict(),
          response: { 200: publicCallSchema },
        },
      },
      async (req) => publicCall(h, req.params.id),
    );
    app.post(
      '/apply/calls/:id/applications',
      {
        config: { public: true, rateLimit: { max: h.config.applyRatePerHour, timeWindow: '1 hour' } },
        schema: {
          tags,
          summary: 'Apply: the answer carries the private link’s token, shown once',
          params: z.object({ id: z.string().uuid() }).strict(),
          body: applicationInput,
          response: { 201: z.object({ token: z.string(), application: applicantViewSchema }) },
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .header('cache-control', 'no-store')
          .send(await apply(h, req.params.id, req.body)),
    );
    app.get(
      '/apply/application',
      {
        config: { public: true, rateLimit: perMinute(60) },
        schema: {
          tags,
          summary: 'The group’s own application, through its private link (header x-application-link)',
          response: { 200: applicantViewSchema },
        },
      },
      async (req, reply) =>
        reply.header('cache-control', 'no-store').send(await applicantView(h, linkOf(req.headers))),
    );
    app.put(
      '/apply/application',
      {
        config: { public: true, rateLimit: perMinute(30) },
        schema: {
          tags,
          summary: 'Change the application until the call closes',
          body: applicationInput,
          response: { 200: applicantViewSchema },
        },
      },
      async (req, reply) =>
        reply
          .header('cache-control', 'no-store')
          .send(await editApplication(h, linkOf(req.headers), req.body)),
    );
    app.put(
      '/apply/application/files/:field',
      {
        config: { public: true, rateLimit: perMinute(20) },
        bodyLimit: MAX_FILE_BYTES + 1,
        schema: {
          tags,
          summary:
            'Attach a file to a file question (the file as the body, application/octet-stream; its name in x-file-name, URI-encoded)',
          params: z.object({ field: z.string().max(40) }).strict(),
          response: { 200: applicantViewSchema },
        },
      },
      async (req, reply) => {
        const body = req.body as unknown;
        if (!Buffer.isBuffer(body))
          throw new InputError({
            field: 'file',
            rule: 'type',
            message: 'Send the file itself as the body (application/octet-stream)',
          });
        let name = 'file';
        try {
          name = decodeURIComponent(String(req.headers['x-file-name'] ?? 'file'));
        } catch {
          throw new InputError({
            field: 'x-file-name',
            rule: 'format',
            message: "The file's name, URI-encoded",
          });
        }
        return reply
          .header('cache-control', 'no-store')
          .send(await attachFile(h, linkOf(req.headers), req.params.field, name, new Uint8Array(body)));
      },
    );
    app.post(
      '/apply/application/reports/:id',
      {
        config: { public: true, rateLimit: perMinute(20) },
        schema: {
          tags,
          summary: 'Send a report the grant owes',
          params: z.object({ id: z.string().uuid() }).strict(),
          body: grantReportInput,
          response: { 200: applicantViewSchema },
        },
      },
      async (req, reply) =>
        reply
          .header('cache-control', 'no-store')
          .send(await submitGrantReport(h, linkOf(req.headers), req.params.id, req.body)),
    );
  };
}
