/** What a valid user, grant and sign-in look like — one definition for API, CLI and forms. */

import { z } from 'zod';
import { ROLES } from '../access.js';
import { LOCALES } from '../locales.js';
import { ORG_CODE_RE, ORG_CODE_RULE } from '../org-tree.js';

export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{2,49}$/;

export const username = z
  .string()
  .regex(USERNAME_RE, '3–50 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');

export const orgCode = z.string().regex(ORG_CODE_RE, ORG_CODE_RULE);

/** The granting administrator's current second-factor code: needed to grant a sensitive role. */
const stepUpCode = z
  .string()
  .regex(/^\d{6}$/, 'six digits')
  .optional();

export const roleGrantInput = z
  .object({
    role: z.enum(ROLES),
    orgUnitCode: orgCode,
    otp: stepUpCode,
  })
  .strict();

export const password = z.string().min(10, 'at least 10 characters').max(200, 'at most 200 characters');

export const createUserInput = z
  .object({
    username,
    displayName: z.string().trim().min(1).max(100),
    password,
    locale: z.enum(LOCALES).default('en'),
    staffCode: z.string().trim().min(1).max(30).nullable().optional(),
    grants: z
      .array(roleGrantInput.omit({ otp: true }))
      .min(1, 'give at least one role')
      .max(50),
    otp: stepUpCode,
  })
  .strict();
export type CreateUserInput = z.input<typeof createUserInput>;

/** What an administrator may change about a user (only the fields given). */
export const updateUserInput = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    locale: z.enum(LOCALES).optional(),
    staffCode: z.string().trim().min(1).max(30).nullable().optional(),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof updateUserInput>;

export const signInInput = z
  .object({
    username: z.string().min(1).max(100),
    password: z.string().min(1).max(200),
  })
  .strict();

export const totpCodeInput = z.object({ otp: z.string().regex(/^\d{6}$/, 'six digits') }).strict();
