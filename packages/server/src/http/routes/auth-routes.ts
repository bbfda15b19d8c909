/** Sign-in, second factor, sign-out and the caller's own account. */

import { LOCALES, PERMISSIONS, password, signInInput, totpCodeInput } from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Harbour } from '../../context.js';
import { can } from '../../identity/actor.js';
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  SESSION_COOKIE,
  signIn,
  signOut,
  signOutEverywhere,
  verifySessionTotp,
} from '../../identity/sessions.js';
import { changeOwnPassword, setOwnLocale } from '../../identity/users.js';

const meResponse = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  locale: z.string(),
  mfaOk: z.boolean(),
  mfaEnrolmentRequired: z.boolean(),
  permissions: z.array(z.string()),
  grants: z.array(z.object({ role: z.string(), orgUnitId: z.string() })),
});

export function authRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/sign-in',
      {
        config: { public: true, rateLimit: { max: h.config.signInRatePerMinute, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with username and password; sets the session cookie',
          body: signInInput,
          response: { 200: z.object({ mfaRequired: z.boolean(), mfaEnrolmentRequired: z.boolean() }) },
        },
      },
      async (req, reply) => {
        const s = await signIn(h, h.config, req.body.username, req.body.password);
        reply.setCookie(SESSION_COOKIE, s.token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: h.config.secureCookies,
          path: '/',
          maxAge: h.config.sessionMaxHours * 3600,
        });
        return { mfaRequired: s.mfaRequired, mfaEnrolmentRequired: s.mfaEnrolmentRequired };
      },
    );

    app.post(
      '/auth/totp',
      {
        config: { signedIn: true, beforeMfa: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'Give the current TOTP code to finish signing in',
          body: totpCodeInput,
          response: { 204: z.undefined() },
        },
      },
      async (req, reply) => {
        await verifySessionTotp(h, h.config, req.session!, req.body.otp);
        return reply.code(204).send();
      },
    );

    app.post(
      '/auth/totp/enrol',
      {
        config: { signedIn: true, beforeMfa: true },
        schema: {
          tags: ['auth'],
          summary: 'Start setting up a TOTP second factor: returns the secret and a QR code to scan',
          response: { 200: z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() }) },
        },
      },
      async (req) => {
        const { secret, uri } = await beginTotpEnrolment(h, req.actor);
        const { default: QRCode } = await import('qrcode');
        const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1 });
        return { secret, uri, qrSvg };
      },
    );

    app.post(
      '/auth/totp/confirm',
      {
        config: { signedIn: true, beforeMfa: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'Confirm TOTP set-up with a code from the app',
          body: totpCodeInput,
          response: { 204: z.undefined() },
        },
      },
      async (req, reply) => {
        await confirmTotpEnrolment(h, h.config, req.actor, req.session!.sessionId, req.body.otp);
        return reply.code(204).send();
      },
    );

    app.post(
      '/auth/sign-out',
      {
        config: { public: true },
        schema: { tags: ['auth'], summary: 'End this session', response: { 204: z.undefined() } },
      },
      async (req, reply) => {
        const token = req.cookies[SESSION_COOKIE];
        if (token) await signOut(h, token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send();
      },
    );

    app.post(
      '/auth/sign-out-everywhere',
      {
        config: { signedIn: true },
        schema: {
          tags: ['auth'],
          summary: 'End every session of this user, on every device',
          response: { 200: z.object({ ended: z.number() }) },
        },
      },
      async (req, reply) => {
        const ended = await signOutEverywhere(h, req.actor);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ended };
      },
    );

    app.get(
      '/auth/me',
      {
        config: { signedIn: true, beforeMfa: true },
        schema: {
          tags: ['auth'],
          summary: 'Who is signed in, and what they may do',
          response: { 200: meResponse },
        },
      },
      async (req) => {
        const s = req.session!;
        return {
          id: s.actor.userId!,
          username: s.actor.label,
          displayName: s.displayName,
          locale: s.locale,
          mfaOk: s.mfaOk,
          mfaEnrolmentRequired: s.mfaEnrolmentRequired,
          permissions: s.mfaOk ? PERMISSIONS.filter((p) => can(s.actor, p)) : [],
          grants: s.actor.grants.map((g) => ({ role: g.role, orgUnitId: g.orgUnitId })),
        };
      },
    );

    app.post(
      '/auth/password',
      {
        config: { signedIn: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'Change your own password (ends your other sessions)',
          body: z.object({ currentPassword: z.string().max(200), newPassword: password }).strict(),
          response: { 204: z.undefined() },
        },
      },
      async (req, reply) => {
        await changeOwnPassword(h, req.actor, req.body.currentPassword, req.body.newPassword);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send();
      },
    );

    app.patch(
      '/auth/me',
      {
        config: { signedIn: true },
        schema: {
          tags: ['auth'],
          summary: 'Change your language',
          body: z.object({ locale: z.enum(LOCALES) }).strict(),
          response: { 204: z.undefined() },
        },
      },
      async (req, reply) => {
        await setOwnLocale(h, req.actor, req.body.locale);
        return reply.code(204).send();
      },
    );
  };
}
