/** User administration: create, grant and revoke roles, disable, reset passwords. */

import { createUserInput, password, roleGrantInput, updateUserInput } from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Harbour } from '../../context.js';
import {
  addGrant,
  createUser,
  getUser,
  listUsers,
  removeGrant,
  setUserDisabled,
  setUserPassword,
  updateUser,
} from '../../identity/users.js';

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  staffCode: z.string().nullable(),
  locale: z.string(),
  totpEnabled: z.boolean(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  grants: z.array(
    z.object({ role: z.string(), orgUnitId: z.string(), orgUnitCode: z.string(), orgUnitName: z.string() }),
  ),
});

const idParams = z.object({ id: z.string().max(64) });

export function userRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    const cfg = { permission: 'user.manage' as const };
    app.get(
      '/users',
      {
        config: cfg,
        schema: {
          tags: ['users'],
          summary: 'Users in the part of the tree you administer',
          response: { 200: z.array(userSchema) },
        },
      },
      async (req) => listUsers(h, req.actor),
    );
    app.get(
      '/users/:id',
      { config: cfg, schema: { tags: ['users'], params: idParams, response: { 200: userSchema } } },
      async (req) => getUser(h, req.actor, req.params.id),
    );
    app.post(
      '/users',
      {
        config: cfg,
        schema: {
          tags: ['users'],
          summary: 'Create a user with one or more roles',
          body: createUserInput,
          response: { 201: userSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await createUser(h, req.actor, req.body)),
    );
    app.patch(
      '/users/:id',
      {
        config: cfg,
        schema: {
          tags: ['users'],
          summary: "Change a user's display name, language or staff code",
          params: idParams,
          body: updateUserInput,
          response: { 200: userSchema },
        },
      },
      async (req) => updateUser(h, req.actor, req.params.id, req.body),
    );
    app.post(
      '/users/:id/disable',
      {
        config: cfg,
        schema: {
          tags: ['users'],
          summary: 'Disable a user and end their sessions',
          params: idParams,
          response: { 200: userSchema },
        },
      },
      async (req) => setUserDisabled(h, req.actor, req.params.id, true),
    );
    app.post(
      '/users/:id/enable',
      { config: cfg, schema: { tags: ['users'], params: idParams, response: { 200: userSchema } } },
      async (req) => setUserDisabled(h, req.actor, req.params.id, false),
    );
    app.post(
      '/users/:id/grants',
      {
        config: cfg,
        schema: {
          tags: ['users'],
          summary: 'Grant a role on an org unit',
          params: idParams,
          body: roleGrantInput,
          response: { 200: userSchema },
        },
      },
      async (req) => addGrant(h, req.actor, req.params.id, req.body),
    );
    app.post(
      '/users/:id/grants/revoke',
      {
        config: cfg,
        schema: {
          tags: ['users'],
          summary: 'Revoke a role on an org unit',
          params: idParams,
          body: roleGrantInput,
          response: { 200: userSchema },
        },
      },
      async (req) => removeGrant(h, req.actor, req.params.id, req.body),
    );
    app.post(
      '/users/:id/password',
      {
        config: cfg,
        schema: {
          tags: ['users'],
          summary: "Set a user's password (ends their sessions)",
          params: idParams,
          body: z.object({ password }).strict(),
          response: { 204: z.undefined() },
        },
      },
      async (req, reply) => {
        await setUserPassword(h, req.actor, req.params.id, req.body.password);
        return reply.code(204).send();
      },
    );
  };
}
