/** Field devices: enrolment and management (console) and sync push/pull (the phone, with its bearer token). */

import type { Readable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import {
  caseloadViewSchema,
  deviceViewSchema,
  enrolledDeviceSchema,
  pullResultSchema,
  pushBody,
  pushResultSchema,
  orgCode as siteCode,
  syncStatusSchema,
} from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Harbour } from '../../context.js';
import { caseloadView } from '../../sync/caseload.js';
import { enrolDevice, fieldSettings, listDevices, revokeDevice } from '../../sync/devices.js';
import { pullChanges } from '../../sync/pull.js';

/**
 * Phones on 3G send their outbox gzip-compressed (a tenth of the bytes): inflate it before parsing,
 * telling Fastify how many bytes really arrived so its length check still holds.
 */
function gunzipped(encoding: string | undefined, payload: Readable): Readable {
  if (encoding !== 'gzip') return payload;
  const out = createGunzip() as Gunzip & { receivedEncodedLength: number };
  out.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    out.receivedEncodedLength += chunk.length;
  });
  payload.on('error', (e) => out.destroy(e));
  return payload.pipe(out);
}

export function syncRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/devices',
      {
        config: { permission: 'device.enrol' },
        schema: {
          tags: ['field'],
          summary: 'Enrol this phone for the field app (answers its token once)',
          body: z
            .object({ name: z.string().trim().min(1).max(60), siteCode, appVersion: z.string().max(40) })
            .strict(),
          response: { 201: enrolledDeviceSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await enrolDevice(h, req.actor, req.body)),
    );
    app.get(
      '/devices',
      {
        config: { permission: 'device.manage' },
        schema: {
          tags: ['field'],
          summary: 'Devices at the sites you manage: last sync, pending items, app version, status',
          querystring: z.object({ site: siteCode.optional() }).strict(),
          response: { 200: z.object({ devices: z.array(deviceViewSchema) }) },
        },
      },
      async (req) => ({ devices: await listDevices(h, req.actor, req.query.site) }),
    );
    app.post(
      '/devices/:id/revoke',
      {
        config: { permission: 'device.manage' },
        schema: {
          tags: ['field'],
          summary: 'Revoke a device at once; with wipe, it also erases its data when it next connects',
          params: z.object({ id: z.uuid() }),
          body: z.object({ wipe: z.boolean().default(false) }).strict(),
          response: { 200: deviceViewSchema },
        },
      },
      async (req) => revokeDevice(h, req.actor, req.params.id, req.body.wipe),
    );
    app.get(
      '/caseload',
      {
        config: { permission: 'caseload.read' },
        schema: {
          tags: ['field'],
          summary:
            "Micro-planning: each worker's contacts per week, clients due a follow-up and lost to follow-up",
          querystring: z
            .object({ site: siteCode, weeks: z.coerce.number().int().min(1).max(26).default(8) })
            .strict(),
          response: { 200: caseloadViewSchema },
        },
      },
      async (req) => caseloadView(h, req.actor, req.query.site, req.query.weeks),
    );

    app.get(
      '/sync/status',
      {
        config: { device: true },
        schema: {
          tags: ['field'],
          summary: "The device's settings and the server's clock (the phone corrects its own)",
          response: { 200: syncStatusSchema },
        },
      },
      async (req) => ({
        serverTime: h.now().toISOString(),
        siteCode: req.device.siteCode,
        settings: await fieldSettings(h, req.device.device.org_id, req.device.device.site_id),
      }),
    );
    app.post(
      '/sync/push',
      {
        config: { device: true },
        // The limit counts decompressed bytes: a small gzip bomb cannot grow past it.
        bodyLimit: 4 * 1024 * 1024,
        preParsing: async (req, _reply, payload) => gunzipped(req.headers['content-encoding'], payload),
        schema: {
          tags: ['field'],
          summary: 'Push up to 500 items made offline; each is applied once and answered on its own',
          body: pushBody,
          response: { 200: pushResultSchema },
        },
      },
      // Phones syncing together queue here, several written in one transaction, not in front of console writes.
      async (req) =>
        h.pushQueue.run({ ctx: { device: req.device.device, actor: req.actor }, input: req.body }),
    );
    app.get(
      '/sync/pull',
      {
        config: { device: true },
        schema: {
          tags: ['field'],
          summary: "Changes to the site's caseload after the cursor",
          querystring: z.object({ cursor: z.string().max(20).default('0') }).strict(),
          response: { 200: pullResultSchema },
        },
      },
      async (req) => pullChanges(h, req.device.device, req.query.cursor),
    );
  };
}
