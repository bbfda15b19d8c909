/** What Harbour adds to Fastify's request and route config. */

import type { Permission } from '@harbour/core';
import type { Actor } from '../identity/actor.js';
import type { ResolvedSession } from '../identity/sessions.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission this route needs; every /api/v1 route declares one, or `public`. */
    permission?: Permission | readonly Permission[];
    /** No sign-in needed (health checks, sign-in itself). */
    public?: boolean;
    /** Usable while the second factor is still pending (TOTP entry and set-up, sign-out, who-am-I). */
    beforeMfa?: boolean;
    /** Any signed-in user (their own profile, password, sign-out). */
    signedIn?: boolean;
    /** Called by an enrolled field device with its bearer token (sync), not with a session cookie. */
    device?: boolean;
  }
  interface FastifyRequest {
    session: ResolvedSession | null;
    actor: Actor;
    /** The enrolled device behind a bearer token, on `device` routes. */
    device: import('../sync/devices.js').DeviceAuth & { ok: true };
  }
}
