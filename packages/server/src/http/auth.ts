/** Resolves the session cookie and enforces each route's declared permission before its handler runs. */

import { ForbiddenError, type Permission } from '@harbour/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Harbour } from '../context.js';
import { can, systemActor } from '../identity/actor.js';
import { resolveSession, SESSION_COOKIE } from '../identity/sessions.js';
import { problem, sendProblem } from './problem.js';

const ANONYMOUS = { ...systemActor('anonymous'), system: false };

export function registerAuth(app: FastifyInstance, h: Harbour): void {
  app.decorateRequest('session', null);
  app.decorateRequest('actor', null as never);

  // A route without a declared permission is a mistake that would fail open; refuse to start instead.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const c = route.config ?? {};
    if (!c.permission && !c.public && !c.signedIn) {
      throw new Error(
        `Route ${route.method} ${route.url} declares no permission (config.permission, signedIn or public)`,
      );
    }
  });

  app.addHook('preHandler', async (req: FastifyRequest, reply) => {
    if (!req.url.startsWith('/api/v1')) return;
    const c = req.routeOptions.config ?? {};
    req.actor = ANONYMOUS;
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
