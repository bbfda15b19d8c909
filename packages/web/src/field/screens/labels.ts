/** How a client is shown on the phone: never a name or the code, only a short reference and the profile. */

import { shortRef } from '@harbour/core';
import type { Translate } from '../../i18n/i18n.js';
import type { LocalClient } from '../model.js';

/** The same reference the console and the server use (core `shortRef`). */
export const clientRef = shortRef;

/** The nickname first where the worker keeps one (sealed on this phone), then the reference and profile. */
export function clientLabel(t: Translate, c: LocalClient): string {
  const parts = [...(c.nickname ? [c.nickname] : []), `#${clientRef(c.id)}`, t(`sex.${c.sex}`)];
  if (c.birthYear) parts.push(String(c.birthYear));
  if (c.kp) parts.push(t(`kp.${c.kp}`));
  return parts.join(' · ');
}
