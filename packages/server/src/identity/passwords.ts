/** Password hashing (argon2id) and the password rule people are told about. */

import type { FieldIssue } from '@harbour/core';

// OWASP's argon2id baseline (19 MiB, 2 passes): slow for a guesser, quick enough for a small server.
const OPTIONS = { type: 2 /* argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

// Loaded on first use: most commands never touch a password, and start faster without it.
let argon2: Promise<typeof import('argon2')> | undefined;
const lib = () => {
  argon2 ??= import('argon2');
  return argon2;
};

export const PASSWORD_RULE = 'at least 10 characters, and not only one repeated character';

export function checkPassword(password: string, field = 'password'): FieldIssue | null {
  if (password.length >= 10 && password.length <= 200 && new Set(password).size > 1) return null;
  return { field, rule: 'password', message: `A password needs ${PASSWORD_RULE} (at most 200)` };
}

export function hashPassword(password: string): Promise<string> {
  return lib().then((a) => a.hash(password, OPTIONS));
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await (await lib()).verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the username is unknown, so both cases take the same time. */
let dummyHash: Promise<string> | undefined;
export function timingDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('harbour-timing-equaliser');
  return dummyHash;
}
