/** Contacts (record, correct, void), referrals, OST dispensing, stock, duplicate review and register upload. */

import {
  contactItem,
  InputError,
  OST_MEDICINES,
  OST_STOP_REASONS,
  ostRegisterRow,
  PLACE_TYPES,
  referralRow,
  stockMinimum,
  stockQuantity,
} from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listDuplicatePairs, markDistinct, mergePair, undoMerge } from '../../clients/duplicates.js';
import { correctContact, recordContact, VOID_REASONS, voidContact } from '../../contacts/contacts.js';
import type { Harbour } from '../../context.js';
import { ostRegister } from '../../ost/ost-register.js';
import { dispense, prescribe, stopOst } from '../../ost/ost-service.js';
import { listReferrals, REFERRAL_STATUSES, updateReferral } from '../../referrals/referrals.js';
import { COMMIT_EACH_BATCH } from '../../register-import/grouped-commits.js';
import { importRegister } from '../../register-import/importer.js';
import { bufferSource } from '../../register-import/read-rows.js';
import { MOVEMENT_KINDS, recordMovement, setThreshold, stockAtSite } from '../../stock/stock.js';

const idParams = z.object({ id: z.string().uuid() });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

const contactBody = z
  .object({
    id: z.string().uuid().optional(),
    clientId: z.string().uuid(),
    siteCode: z.string().max(50),
    date: isoDate,
    time: z.string().max(5).nullable().optional(),
    placeType: z.enum(PLACE_TYPES),
    items: z.array(contactItem).max(40),
  })
  .strict();

const pairSide = z.object({
  id: z.string(),
  ref: z.string(),
  sex: z.string(),
  birthYear: z.number().nullable(),
  kp: z.string().nullable(),
  enrolSite: z.string(),
  firstContactDate: z.string().nullable(),
  lastContactDate: z.string().nullable(),
  contacts: z.number(),
  createdAt: z.string(),
});

const IMPORT_TYPES = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

export function serviceRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/contacts',
      {
        config: { permission: 'contact.write' },
        schema: {
          tags: ['contacts'],
          summary: 'Record a contact with its service items',
          body: contactBody,
          response: { 201: z.object({ id: z.string(), duplicate: z.boolean() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await recordContact(h, req.actor, req.body)),
    );
    app.post(
      '/contacts/:id/correct',
      {
        config: { permission: 'contact.correct' },
        schema: {
          tags: ['contacts'],
          summary: 'Correct a contact: a new contact supersedes it',
          params: idParams,
          body: contactBody.omit({ clientId: true }),
          response: { 201: z.object({ id: z.string() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await correctContact(h, req.actor, req.params.id, req.body)),
    );
    app.post(
      '/contacts/:id/void',
      {
        config: { permission: 'contact.correct' },
        schema: {
          tags: ['contacts'],
          summary: 'Void a contact, with a reason',
          params: idParams,
          body: z.object({ reason: z.enum(VOID_REASONS) }).strict(),
          response: { 204: z.undefined() },
        },
      },
      async (req, reply) => {
        await voidContact(h, req.actor, req.params.id, req.body.reason);
        return reply.code(204).send();
      },
    );

    app.get(
      '/referrals',
      {
        config: { permission: 'referral.manage' },
        schema: {
          tags: ['referrals'],
          summary: 'Referrals at your sites; status=overdue lists those past their follow-up date',
          querystring: z
            .object({
              status: z.enum([...REFERRAL_STATUSES, 'overdue']).optional(),
              siteCode: z.string().max(50).optional(),
              limit: z.coerce.number().int().min(1).max(1000).optional(),
            })
            .strict(),
          response: { 200: z.array(referralRow) },
        },
      },
      async (req) => listReferrals(h, req.actor, req.query),
    );
    app.patch(
      '/referrals/:id',
      {
        config: { permission: 'referral.manage' },
        schema: {
          tags: ['referrals'],
          summary: 'Record a referral’s outcome on a date (or undo it with status issued), and where to',
          params: idParams,
          body: z
            .object({
              status: z.enum(REFERRAL_STATUSES),
              date: isoDate.nullable().optional().describe('the day of the outcome; today when absent'),
              completedDate: isoDate.nullable().optional().describe('the older name of date'),
              provider: z.string().max(80).nullable().optional(),
            })
            .strict(),
          response: { 204: z.undefined() },
        },
      },
      async (req, reply) => {
        await updateReferral(h, req.actor, req.params.id, req.body);
        return reply.code(204).send();
      },
    );

    app.get(
      '/ost/register',
      {
        config: { permission: 'ost.dispense' },
        schema: {
          tags: ['ost'],
          summary: 'Clients on OST at a site, with their last dose and missed days',
          querystring: z.object({ siteCode: z.string().max(50), day: isoDate.optional() }).strict(),
          response: { 200: z.array(ostRegisterRow) },
        },
      },
      async (req) => ostRegister(h, req.actor, req.query.siteCode, req.query.day),
    );
    app.post(
      '/ost/doses',
      {
        config: { permission: 'ost.dispense' },
        schema: {
          tags: ['ost'],
          summary:
            'Dispense a dose (a contact with an OST dose item): medicine and mg as given, else as prescribed; 409 for a client not on OST unless startEpisode',
          body: z
            .object({
              id: z.string().uuid().optional(),
              clientId: z.string().uuid(),
              siteCode: z.string().max(50),
              date: isoDate.optional(),
              medicine: z.enum(OST_MEDICINES).optional(),
              mg: z.number().positive().max(2000).optional(),
              startEpisode: z.boolean().optional().describe('confirms opening a new episode with this dose'),
            })
            .strict(),
          response: { 201: z.object({ id: z.string(), duplicate: z.boolean() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await dispense(h, req.actor, req.body)),
    );
    app.post(
      '/ost/prescriptions',
      {
        config: { permission: 'ost.dispense' },
        schema: {
          tags: ['ost'],
          summary: 'Prescribe: medicine, daily dose and take-home days, in force from a date',
          body: z
            .object({
              clientId: z.string().uuid(),
              siteCode: z.string().max(50),
              medicine: z.enum(OST_MEDICINES),
              mg: z.number().positive().max(2000),
              takeHomeDays: z.number().int().min(0).max(30),
              validFrom: isoDate.optional(),
            })
            .strict(),
          response: { 201: z.object({ id: z.string() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await prescribe(h, req.actor, req.body)),
    );
    app.post(
      '/ost/stops',
      {
        config: { permission: 'ost.dispense' },
        schema: {
          tags: ['ost'],
          summary: 'End a client’s OST episode on a date (the first day off treatment), with a reason',
          body: z
            .object({
              clientId: z.string().uuid(),
              siteCode: z.string().max(50),
              date: isoDate.optional(),
              reason: z.enum(OST_STOP_REASONS),
            })
            .strict(),
          response: { 201: z.object({ id: z.string() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await stopOst(h, req.actor, req.body)),
    );

    app.get(
      '/stock',
      {
        config: { permission: 'stock.manage' },
        schema: {
          tags: ['stock'],
          summary: 'Stock on hand at a site, days left at the current rate, and alerts',
          querystring: z.object({ siteCode: z.string().max(50) }).strict(),
          response: {
            200: z.array(
              z.object({
                commodity: z.string(),
                onHand: z.number(),
                distributedLast30Days: z.number(),
                daysLeft: z.number().nullable(),
                minimum: z.number().nullable(),
                belowMinimum: z.boolean(),
                lastCount: z.object({ date: z.string(), quantity: z.number() }).nullable(),
              }),
            ),
          },
        },
      },
      async (req) => stockAtSite(h, req.actor, req.query.siteCode),
    );
    app.post(
      '/stock/movements',
      {
        config: { permission: 'stock.manage' },
        schema: {
          tags: ['stock'],
          summary: 'Record a receipt, a count, an adjustment, a transfer or a loss',
          body: z
            .object({
              siteCode: z.string().max(50),
              commodity: z.string().max(40),
              kind: z.enum(MOVEMENT_KINDS),
              quantity: stockQuantity,
              date: isoDate,
              reason: z.string().max(200).nullable().optional(),
            })
            .strict(),
          response: { 201: z.object({ id: z.string() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await recordMovement(h, req.actor, req.body)),
    );
    app.put(
      '/stock/thresholds',
      {
        config: { permission: 'stock.manage' },
        schema: {
          tags: ['stock'],
          summary: 'Set (or clear) the minimum stock that raises an alert',
          body: z
            .object({
              siteCode: z.string().max(50),
              commodity: z.string().max(40),
              minimum: stockMinimum.nullable(),
            })
            .strict(),
          response: { 204: z.undefined() },
        },
      },
      async (req, reply) => {
        await setThreshold(h, req.actor, req.body.siteCode, req.body.commodity, req.body.minimum);
        return reply.code(204).send();
      },
    );

    app.get(
      '/duplicates',
      {
        config: { permission: 'client.merge' },
        schema: {
          tags: ['clients'],
          summary: 'Pairs of clients that are probably one person (codes differing in one part)',
          querystring: z.object({ status: z.enum(['open', 'merged', 'distinct']).default('open') }).strict(),
          response: {
            200: z.array(
              z.object({
                id: z.string(),
                reason: z.string(),
                status: z.string(),
                createdAt: z.string(),
                a: pairSide,
                b: pairSide,
              }),
            ),
          },
        },
      },
      async (req) => listDuplicatePairs(h, req.actor, req.query.status),
    );
    app.post(
      '/duplicates/:id/merge',
      {
        config: { permission: 'client.merge' },
        schema: {
          tags: ['clients'],
          summary: 'Merge a pair into the client you choose to keep',
          params: idParams,
          body: z.object({ survivorId: z.string().uuid() }).strict(),
          response: { 200: z.object({ mergeId: z.string() }) },
        },
      },
      async (req) => mergePair(h, req.actor, req.params.id, req.body.survivorId),
    );
    app.post(
      '/duplicates/:id/distinct',
      {
        config: { permission: 'client.merge' },
        schema: {
          tags: ['clients'],
          summary: 'Mark a pair as two different people',
          params: idParams,
          response: { 200: z.object({ suffixGiven: z.number().nullable() }) },
        },
      },
      async (req) => markDistinct(h, req.actor, req.params.id),
    );
    app.post(
      '/merges/:id/undo',
      {
        config: { permission: 'client.merge' },
        schema: {
          tags: ['clients'],
          summary: 'Undo a merge',
          params: idParams,
          response: { 204: z.undefined() },
        },
      },
      async (req, reply) => {
        await undoMerge(h, req.actor, req.params.id);
        return reply.code(204).send();
      },
    );

    // Register upload from the console: the raw file as the body (CSV or XLSX), up to 50 MB.
    app.addContentTypeParser(
      IMPORT_TYPES,
      { parseAs: 'buffer', bodyLimit: 50 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );
    app.post(
      '/imports',
      {
        config: { permission: 'register.import' },
        bodyLimit: 50 * 1024 * 1024,
        schema: {
          tags: ['contacts'],
          summary:
            'Import a contact register (CSV or XLSX as the request body); the same report as `harbour import --json`',
          querystring: z
            .object({
              dryRun: z.enum(['true', 'false']).default('false'),
              allOrNothing: z.enum(['true', 'false']).default('false'),
              name: z.string().max(200).default('register.csv'),
            })
            .strict(),
          response: {
            200: z.object({
              rows: z.number(),
              imported: z.number(),
              duplicates: z.number(),
              rejected: z.number(),
              clientsCreated: z.number(),
              errors: z.array(
                z.object({ row: z.number(), column: z.string(), value: z.string(), message: z.string() }),
              ),
              warnings: z.array(
                z.object({ row: z.number().nullable(), column: z.string().nullable(), message: z.string() }),
              ),
              truncated: z.boolean(),
              dryRun: z.boolean(),
              rolledBack: z.boolean(),
            }),
          },
        },
      },
      async (req) => {
        const body = req.body as unknown;
        if (!Buffer.isBuffer(body)) {
          throw new InputError({
            field: 'body',
            rule: 'type',
            message: 'Send the register file itself as the body, with content-type text/csv or the XLSX type',
          });
        }
        return importRegister(h, req.actor, bufferSource(req.query.name, body), {
          dryRun: req.query.dryRun === 'true',
          allOrNothing: req.query.allOrNothing === 'true',
          // Other requests get the database between two batches (grouped-commits.ts).
          commitLimits: COMMIT_EACH_BATCH,
        });
      },
    );
  };
}
