/** Resolves the session cookie and enforces each route's declared permission before its handler runs. */

import { ForbiddenError, type Permission } from '@harbour/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Harbour } from '../context.js';
import { can, systemActor } from '../identity/actor.js';
import { resolveSession, SESSION_COOKIE } from '../identity/sessions.js';
import { authenticateDevice } from '../sync/devices.js';
import { problem, sendProblem } from './problem.js';

const DEVICE_REFUSALS = {
  unknown: [401, 'Device not enrolled', 'Enrol this phone again while online'],
  revoked: [401, 'Device access revoked', 'Your site manager revoked this phone; ask them to enrol it again'],
  wipe: [410, 'Device wiped', 'This phone was reported lost; its data is erased'],
  user_disabled: [401, 'Account disabled', 'Your account is disabled; talk to your site manager'],
} as const;

const ANONYMOUS = { ...systemActor('anonymous'), system: false };

export function registerAuth(app: FastifyInstance, h: Harbour): void {
  app.decorateRequest('session', null);
  app.decorateRequest('actor', null as never);
  app.decorateRequest('device', null as never);

  // A route without a declared permission is a mistake that would fail open; refuse to start instead.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const c = route.config ?? {};
    if (!c.permission && !c.public && !c.signedIn && !c.device) {
      throw new Error(
        `Route ${route.method} ${route.url} declares no permission (config.permission, signedIn or public)`,
      );
    }
  });

  app.addHook('preHandler', async (req: FastifyRequest, reply) => {
    if (!req.url.startsWith('/api/v1')) return;
    const c = req.routeOptions.config ?? {};
    req.actor = ANONYMOUS;
    if (c.device) {
      // Field devices carry a bearer token; cookies play no part (and so neither does CSRF).
      const header = req.headers.authorization;
      const auth = await authenticateDevice(h, header?.startsWith('Bearer ') ? header.slice(7) : undefined);
      if (!auth.ok) {
        const [status, title, detail] = DEVICE_REFUSALS[auth.reason];
        return sendProblem(reply, { ...problem(status, title, detail), code: `device_${auth.reason}` });
      }
      req.device = auth;
      req.actor = auth.actor;
      return;
    }
    const session = await resolveSession(h, h.config, req.cookies[SESSION_COOKIE]);
    req.session = session;
    if (session) req.actor = session.actor;
    if (c.public) return;
    if (!session) {
      return sendProblem(
        reply,
        problem(401, 'Not signed in', 'Sign in first; your session may have expired'),
      );
    }
    if (!session.mfaOk && !c.beforeMfa) {
      return sendProblem(
        reply,
        problem(
          401,
          'Second factor needed',
          session.mfaEnrolmentRequired
            ? 'Set up a second factor (TOTP) to continue'
            : 'Enter the code from your authenticator app to continue',
        ),
      );
    }
    const needed =
      c.permission === undefined
        ? []
        : Array.isArray(c.permission)
          ? c.permission
          : [c.permission as Permission];
    if (needed.length && !needed.some((p) => can(session.actor, p))) throw new ForbiddenError();
  });
}
