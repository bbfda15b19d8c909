/** What the device and caseload API answers: the server's return types and the console's come from these schemas. */

import { z } from 'zod';

const unitRef = z.object({ code: z.string(), name: z.string() });

export const DEVICE_STATUSES = ['active', 'revoked', 'wipe_pending', 'wiped'] as const;

/** A field phone as the console lists it: no token, no client data. */
export const deviceViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  user: z.string(),
  site: unitRef,
  appVersion: z.string().nullable(),
  enrolledAt: z.string(),
  lastSyncAt: z.string().nullable(),
  pending: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  status: z.enum(DEVICE_STATUSES),
});
export type DeviceView = z.infer<typeof deviceViewSchema>;

/** What a phone needs to work offline, from its organisation's programme settings. */
export const fieldSettingsSchema = z.object({
  /** A built-in scheme's name, or a programme's template. */
  uicScheme: z.unknown(),
  /** Minutes without a touch before the app locks itself. */
  idleLockMinutes: z.number(),
  /** Wrong PINs in a row before the phone wipes its data. */
  pinAttemptsBeforeWipe: z.number(),
  /** A client not seen for this many days is due a follow-up. */
  followUpDays: z.number(),
  /** The organisation's public key (SPKI, base64) the phone seals rights cases to. */
  rightsKey: z.string(),
  /** Coarse places (the units above the device's site) a rights case may name. */
  rightsPlaces: z.array(unitRef),
  /** The programme uses aliases: the phone may keep one per client, sealed in its vault, never sent. */
  aliasEnabled: z.boolean(),
});
export type FieldSettings = z.infer<typeof fieldSettingsSchema>;

export const enrolledDeviceSchema = z.object({
  deviceId: z.string(),
  /** Shown once, kept by the phone (sealed under its PIN), sent as `Authorization: Bearer`. */
  token: z.string(),
  /** The organisation's UIC key, so the phone finds a client by code with no network (sealed under the PIN). */
  uicKey: z.string(),
  site: unitRef,
  settings: fieldSettingsSchema,
  serverTime: z.string(),
});
export type EnrolledDevice = z.infer<typeof enrolledDeviceSchema>;

export const syncStatusSchema = z.object({
  serverTime: z.string(),
  siteCode: z.string(),
  settings: fieldSettingsSchema,
});

export const caseloadViewSchema = z.object({
  site: unitRef,
  /** Monday of each week shown, oldest first. */
  weeks: z.array(z.string()),
  workers: z.array(
    z.object({
      worker: z.string(),
      contactsPerWeek: z.array(z.number()),
      clients: z.number(),
      lastContact: z.string().nullable(),
    }),
  ),
  clients: z.object({ active: z.number(), due: z.number(), lost: z.number() }),
  referralsOverdue: z.number(),
});
export type CaseloadView = z.infer<typeof caseloadViewSchema>;
