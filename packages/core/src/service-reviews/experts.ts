/**
 * The pool of community experts: people with lived experience and skills who review applications and
 * services. A profile asks for no legal name — a display name they choose, a contact they choose
 * (sealed), the country, languages and what they know about.
 */

import { z } from 'zod';
import { isCountryCode } from '../advocacy/figure-row.js';
import { LOCALES } from '../locales.js';
import { password, username } from '../schemas/identity.js';

export const EXPERTISE_AREAS = [
  'ost',
  'needles_syringes',
  'overdose',
  'hiv_hepatitis',
  'women',
  'young_people',
  'human_rights',
  'advocacy',
  'community_organising',
  'grants_finance',
  'monitoring',
] as const;
export type ExpertiseArea = (typeof EXPERTISE_AREAS)[number];

const country = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code, e.g. UA, KZ, ID');

export const expertProfileInput = z
  .object({
    country,
    languages: z.array(z.string().trim().min(2).max(40)).min(1).max(10),
    expertise: z.array(z.enum(EXPERTISE_AREAS)).max(EXPERTISE_AREAS.length).default([]),
    /** How the programme reaches them (Signal, e-mail, …) — their choice, sealed at rest. */
    contact: z.string().trim().max(300).optional(),
  })
  .strict();
export type ExpertProfileInput = z.input<typeof expertProfileInput>;

export const invitationInput = expertProfileInput
  .extend({
    /** Where they will review: their role is granted on this org unit. */
    unit: z.string().trim().min(1).max(40),
    /** The name they go by — not a legal name. */
    displayName: z.string().trim().min(1).max(80),
  })
  .strict();
export type InvitationInput = z.input<typeof invitationInput>;

export const joinInput = z
  .object({
    username,
    password,
    locale: z.enum(LOCALES).default('en'),
  })
  .strict();
export type JoinInput = z.input<typeof joinInput>;

/** Days an invitation link stays good. */
export const INVITATION_DAYS = 14;
