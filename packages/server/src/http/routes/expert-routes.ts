/**
 * The pool of community experts: invitations and profiles in the console, and the public join page's
 * two calls. The invitation's token travels in the `x-invitation` header (the page keeps it after `#`
 * in its address, which browsers never send), so it is in no server log.
 */

import {
  EXPERTISE_AREAS,
  expertProfileInput,
  expertSchema,
  invitationInput,
  invitationSchema,
  joinInput,
} from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Harbour } from '../../context.js';
import {
  acceptInvitation,
  invitationByToken,
  inviteExpert,
  listExperts,
  listInvitations,
  myProfile,
  saveMyProfile,
  withdrawInvitation,
} from '../../experts/expert-service.js';

const tags = ['experts'];
const TOKEN = 'x-invitation';
const tokenOf = (headers: Record<string, unknown>) => {
  const v = headers[TOKEN];
  return typeof v === 'string' ? v : undefined;
};
const profileSchema = z.object({
  name: z.string(),
  country: z.string().nullable(),
  languages: z.array(z.string()),
  expertise: z.array(z.enum(EXPERTISE_AREAS)),
  contact: z.string().nullable(),
});

export function expertRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/experts',
      {
        config: { permission: ['experts.manage', 'scorecard.manage', 'grants.manage'] },
        schema: {
          tags,
          summary:
            'The community experts the caller may see (contacts only for those who invite them; audited)',
          response: { 200: z.object({ experts: z.array(expertSchema) }) },
        },
      },
      async (req, reply) =>
        reply.header('cache-control', 'no-store').send({ experts: await listExperts(h, req.actor) }),
    );
    app.get(
      '/experts/invitations',
      {
        config: { permission: 'experts.manage' },
        schema: {
          tags,
          summary: 'Invitations sent, and where each stands',
          response: { 200: z.object({ invitations: z.array(invitationSchema) }) },
        },
      },
      async (req) => ({ invitations: await listInvitations(h, req.actor) }),
    );
    app.post(
      '/experts/invitations',
      {
        config: { permission: 'experts.manage' },
        schema: {
          tags,
          summary: 'Invite someone to the pool: the answer carries the link, shown once',
          body: invitationInput,
          response: { 201: z.object({ invitation: invitationSchema, token: z.string(), path: z.string() }) },
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .header('cache-control', 'no-store')
          .send(await inviteExpert(h, req.actor, req.body)),
    );
    app.delete(
      '/experts/invitations/:id',
      {
        config: { permission: 'experts.manage' },
        schema: {
          tags,
          summary: 'Withdraw a pending invitation',
          params: z.object({ id: z.string().uuid() }).strict(),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await withdrawInvitation(h, req.actor, req.params.id);
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/experts/me',
      {
        config: { permission: ['scorecard.visit', 'grants.review'] },
        schema: { tags, summary: 'The expert’s own profile', response: { 200: profileSchema } },
      },
      async (req, reply) => reply.header('cache-control', 'no-store').send(await myProfile(h, req.actor)),
    );
    app.put(
      '/experts/me',
      {
        config: { permission: ['scorecard.visit', 'grants.review'] },
        schema: {
          tags,
          summary: 'The expert changes their own profile',
          body: expertProfileInput,
          response: { 200: profileSchema },
        },
      },
      async (req) => saveMyProfile(h, req.actor, req.body),
    );
    app.get(
      '/join',
      {
        config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'The invitation the link in `x-invitation` opens, if still good',
          response: { 200: z.object({ name: z.string(), unit: z.string(), expiresAt: z.string() }) },
        },
      },
      async (req, reply) =>
        reply.header('cache-control', 'no-store').send(await invitationByToken(h, tokenOf(req.headers))),
    );
    app.post(
      '/join',
      {
        config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Accept the invitation: choose a username and password; then sign in as usual',
          body: joinInput,
          response: { 201: z.object({ username: z.string() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await acceptInvitation(h, tokenOf(req.headers), req.body)),
    );
  };
}
