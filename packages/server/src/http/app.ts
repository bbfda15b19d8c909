/** Builds the Fastify application: security headers, sessions, OpenAPI, the /api/v1 routes, and the web app. */

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Harbour } from '../context.js';
import { registerAuth } from './auth.js';
import { guardInput } from './input-guard.js';
import { errorToProblem, problem, sendProblem } from './problem.js';
import { advocacyRoutes } from './routes/advocacy-routes.js';
import { applyRoutes } from './routes/apply-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { clientRoutes } from './routes/client-routes.js';
import { communityRoutes } from './routes/community-routes.js';
import { expertRoutes } from './routes/expert-routes.js';
import { grantRoutes } from './routes/grant-routes.js';
import { monitoringRoutes } from './routes/monitoring-routes.js';
import { orgRoutes } from './routes/org-routes.js';
import { overdoseRoutes } from './routes/overdose-routes.js';
import { programmeRoutes } from './routes/programme-routes.js';
import { projectRoutes } from './routes/project-routes.js';
import { receivingRoutes } from './routes/receiving-routes.js';
import { rightsRoutes } from './routes/rights-routes.js';
import { scorecardRoutes } from './routes/scorecard-routes.js';
import { serviceRoutes } from './routes/service-routes.js';
import { syncRoutes } from './routes/sync-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { addSecurityHeaders } from './security-headers.js';
import './types.js';

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export interface AppOptions {
  /** Log requests (pino, JSON). Off in tests. */
  logger?: boolean;
  /** Where the built web app lives; omitted or missing → the API only. */
  webDist?: string;
  /** Extra route plugins under /api/v1 (later modules register here). */
  version?: string;
  /**
   * The server's warm-up (`harbour serve`: the store's, then a report computed once). A report asked
   * meanwhile waits for it instead of running beside it, so it runs warm; `/readyz` answers 503
   * ("warming") until it is over.
   */
  warmingUp?: Promise<unknown>;
}

/** Headers and query strings can carry secrets; logs get the method, the path and the request id only. */
const logSerializers = {
  req: (req: { method: string; url: string; id: string }) => ({
    method: req.method,
    path: req.url.split('?')[0],
    id: req.id,
  }),
  res: (res: { statusCode: number }) => ({ status: res.statusCode }),
};

export async function buildApp(h: Harbour, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger
      ? {
          level: h.config.logLevel,
          serializers: logSerializers,
          redact: {
            paths: ['req.headers.cookie', 'req.headers.authorization', 'body', '*.password', '*.uic'],
            remove: true,
          },
        }
      : false,
    bodyLimit: 1024 * 1024,
    // Only configured proxies may name the client's address (rate limits are per address).
    trustProxy: h.config.trustProxy,
    genReqId: () => Math.random().toString(36).slice(2, 10),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  addSecurityHeaders(app, { https: h.config.secureCookies });
  guardInput(app);
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });

  app.setErrorHandler((err, req, reply) => {
    const p = errorToProblem(err, req);
    if (p.status >= 500)
      req.log.error(
        { err: { name: (err as Error).name, message: (err as Error).message, stack: (err as Error).stack } },
        'request failed',
      );
    return sendProblem(reply, p);
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Harbour API',
        description:
          'Harm reduction programme data: organisation tree, identity and access, audit, clients, contacts and reports.',
        version: options.version ?? '1',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'harbour_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: (header) => header.replace(/upgrade-insecure-requests;?/, '').replace(/https: /g, ''),
    uiConfig: { docExpansion: 'list', deepLinking: false },
  });

  registerAuth(app, h);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  // Ready once the warm-up is over (harbour serve; at most a minute): a load balancer or supervisor then
  // sends people to a server that answers at its normal speed. Requests sent earlier are served too.
  let warmedUp = options.warmingUp === undefined;
  void options.warmingUp?.then(() => {
    warmedUp = true;
  });
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(h.db);
      if (!warmedUp) return reply.code(503).send({ status: 'warming', database: h.dialect });
      return { status: 'ready', database: h.dialect };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: h.dialect });
    }
  });

  await app.register(
    async (api) => {
      await api.register(authRoutes(h));
      await api.register(orgRoutes(h));
      await api.register(userRoutes(h));
      await api.register(auditRoutes(h));
      await api.register(clientRoutes(h));
      await api.register(serviceRoutes(h));
      await api.register(overdoseRoutes(h));
      await api.register(monitoringRoutes(h, options.warmingUp));
      await api.register(programmeRoutes(h));
      await api.register(syncRoutes(h));
      await api.register(rightsRoutes(h));
      await api.register(advocacyRoutes(h));
      await api.register(projectRoutes(h));
      await api.register(communityRoutes(h));
      await api.register(grantRoutes(h));
      await api.register(applyRoutes(h));
      await api.register(expertRoutes(h));
      await api.register(scorecardRoutes(h));
    },
    { prefix: '/api/v1' },
  );
  // DHIS2's own path, for members' servers that send their figures as they would to DHIS2.
  await app.register(receivingRoutes(h));

  const webDist = options.webDist ?? DEFAULT_WEB_DIST;
  const hasWeb = existsSync(`${webDist}/console/index.html`);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      wildcard: false,
      index: false,
      // dist/ holds .br and .gz beside each asset (written at build time).
      preCompressed: true,
      // The service worker must be re-checked on every load; hashed assets can be cached for a year.
      setHeaders: (res, served) => {
        const path = served.replace(/\.(br|gz)$/, '');
        if (path.endsWith('sw.js') || path.endsWith('.html') || path.endsWith('.webmanifest'))
          res.header('cache-control', 'no-cache');
        else if (path.includes('/assets/'))
          res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
    app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/console/'));
  }

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    // The console, the field app and a call's public page route on the client: any of their paths gets the page.
    const page =
      path === '/console' || path.startsWith('/console/')
        ? 'console/index.html'
        : path === '/field' || path.startsWith('/field/')
          ? 'field/index.html'
          : path.startsWith('/apply/')
            ? 'apply/index.html'
            : null;
    if (hasWeb && req.method === 'GET' && page && existsSync(`${webDist}/${page}`)) {
      // A call's page on a slow phone: the call's own data starts downloading with the page's script
      // instead of after it (one round trip fewer, ~0.4 s on 3G). The page fetches it the same way.
      const call = /^\/apply\/([0-9a-f-]{36})\/?$/.exec(path)?.[1];
      if (call) reply.header('link', `</api/v1/apply/calls/${call}>; rel=preload; as=fetch; crossorigin`);
      return reply.header('cache-control', 'no-cache').sendFile(page);
    }
    return sendProblem(reply, problem(404, 'Not found', `Nothing is at ${req.method} ${path}`));
  });

  return app;
}
