/**
 * Numbers every schema bounds the same way, so no value Harbour accepts overflows a column on either
 * database (an unbounded integer was a server error on PostgreSQL and a stored value on SQLite).
 */

import { z } from 'zod';

/** A year as four digits; whether it is a plausible birth year is the registry's rule, with its own message. */
export const yearNumber = z.number().int().min(1000).max(9999);

/** Items given in one contact (the programme's per-item maximum is checked on top). */
export const itemQuantity = z.number().int().min(1).max(100_000);

/** A stock movement or count: signed for adjustments, and far above any site's store. */
export const stockQuantity = z.number().int().min(-100_000_000).max(100_000_000);

/** A stock level below which a site is alerted. */
export const stockMinimum = z.number().int().min(0).max(100_000_000);
