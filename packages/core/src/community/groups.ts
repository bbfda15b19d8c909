/**
 * The map of drug-user groups and networks: a directory entry's contract (what a group is, where, how
 * it is organised, and its seats in the bodies that decide HIV and drug policy, the Global Fund's
 * Country Coordinating Mechanism among them), and the country summary the map is drawn from.
 */

import { z } from 'zod';
import { isCountryCode } from '../advocacy/figure-row.js';

export const GROUP_KINDS = ['network', 'group', 'organisation'] as const;
export const GROUP_STATUSES = ['registered', 'informal'] as const;
/** Approximate membership, in bands: an exact count can identify people in a small place. */
export const MEMBERSHIP_BANDS = ['under_10', '10_49', '50_199', '200_plus'] as const;
export const SEATS = ['member', 'alternate', 'observer', 'none'] as const;

export type Seat = (typeof SEATS)[number];

const country = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code, e.g. UA, KZ, ID');

/** A group or network as the directory keeps it; the contact only as the group agreed to share it. */
export const communityGroupInput = z
  .object({
    /** The org unit that keeps the entry (the consortium or a member organisation). */
    keeper: z.string().trim().min(1).max(40),
    name: z.string().trim().min(1).max(200),
    country,
    /** A city or region — never an address. */
    region: z.string().trim().max(120).optional(),
    kind: z.enum(GROUP_KINDS),
    status: z.enum(GROUP_STATUSES),
    founded: z.number().int().min(1950).max(2100).optional(),
    membership: z.enum(MEMBERSHIP_BANDS).optional(),
    languages: z.array(z.string().trim().min(2).max(40)).max(20).default([]),
    /** The contact the group agrees to share (sealed at rest, shown only to those who may read the directory). */
    contact: z.string().trim().max(300).optional(),
    /** The group agreed to be listed for every signed-in user, not only those who work with the directory. */
    listedPublicly: z.boolean().default(false),
    nationalSeat: z.enum(SEATS).default('none'),
    ccmSeat: z.enum(SEATS).default('none'),
    smallGrant: z.boolean().default(false),
    /** Notes for the people who work with the group (sealed at rest; never a person's name). */
    notes: z.string().trim().max(2000).optional(),
  })
  .strict();
export type CommunityGroupInput = z.input<typeof communityGroupInput>;

export const communityGroupSchema = z.object({
  id: z.string(),
  keeper: z.string(),
  name: z.string(),
  country: z.string(),
  region: z.string().nullable(),
  kind: z.enum(GROUP_KINDS),
  status: z.enum(GROUP_STATUSES),
  founded: z.number().nullable(),
  membership: z.enum(MEMBERSHIP_BANDS).nullable(),
  languages: z.array(z.string()),
  /** Null for readers of the public listing only, and when the group shared none. */
  contact: z.string().nullable(),
  listedPublicly: z.boolean(),
  nationalSeat: z.enum(SEATS),
  ccmSeat: z.enum(SEATS),
  smallGrant: z.boolean(),
  /** The small grant the group received, when a grants officer linked it (the directory's readers only). */
  grant: z
    .object({
      callId: z.string(),
      call: z.string(),
      amount: z.string().nullable(),
      currency: z.string(),
      status: z.string().nullable(),
    })
    .nullable(),
  notes: z.string().nullable(),
  updatedAt: z.string(),
  /** How the reader sees it: the whole entry (the directory's readers), or its public listing. */
  view: z.enum(['full', 'listing']),
});
export type CommunityGroup = z.infer<typeof communityGroupSchema>;

export const countrySummarySchema = z.object({
  country: z.string(),
  groups: z.number().int(),
  networks: z.number().int(),
  /** Groups with a seat (member or alternate) in a national HIV or drug policy body. */
  nationalSeats: z.number().int(),
  /** Groups with a seat (member or alternate) in the Global Fund's Country Coordinating Mechanism. */
  ccmSeats: z.number().int(),
  smallGrants: z.number().int(),
});
export type CountrySummary = z.infer<typeof countrySummarySchema>;

const seated = (s: Seat) => s === 'member' || s === 'alternate';

/** Per country: how many groups and networks, how many hold a voting seat (member or alternate), how many had a small grant. */
export function summariseByCountry(
  groups: readonly Pick<CommunityGroup, 'country' | 'kind' | 'nationalSeat' | 'ccmSeat' | 'smallGrant'>[],
): CountrySummary[] {
  const by = new Map<string, CountrySummary>();
  for (const g of groups) {
    const s = by.get(g.country) ?? {
      country: g.country,
      groups: 0,
      networks: 0,
      nationalSeats: 0,
      ccmSeats: 0,
      smallGrants: 0,
    };
    s.groups++;
    if (g.kind === 'network') s.networks++;
    if (seated(g.nationalSeat)) s.nationalSeats++;
    if (seated(g.ccmSeat)) s.ccmSeats++;
    if (g.smallGrant) s.smallGrants++;
    by.set(g.country, s);
  }
  return [...by.values()].sort((a, b) => a.country.localeCompare(b.country));
}
