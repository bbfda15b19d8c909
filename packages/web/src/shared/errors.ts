/** Server problems in the user's language: each rule has its sentence; the server's own words fill in the detail. */

import type { Rule } from '@harbour/core';
import type { Translate } from '../i18n/i18n.js';
import { type ApiError, ApiError as ApiErrorClass, type FieldError } from './api.js';

/**
 * Every rule the server may name has its sentence in the source catalogue: a rule added to core's list
 * without one fails this line's type check (and the catalogue test holds the other complete languages).
 */
type MissingSentences = Exclude<`errors.${Rule}`, keyof typeof import('../i18n/en.json')>;
const everyRuleHasASentence: [MissingSentences] extends [never] ? true : MissingSentences = true;
void everyRuleHasASentence;

/** A field error in the user's language; a rule this console does not know (a newer server) keeps the server's English. */
export function localiseField(t: Translate, e: FieldError): string {
  const key = `errors.${e.rule}`;
  const text = t(key, { field: e.field, value: e.value ?? '', detail: e.message });
  return text === key ? e.message : text;
}

/** One sentence for the whole problem; field errors are shown beside their fields by the form. */
export function localiseProblem(t: Translate, err: ApiError): string {
  if (err.status === 0) return t('app.serverUnreachable');
  if (err.status === 403) return t('errors.forbidden');
  if (err.status === 404) return t('errors.notFound');
  if (err.status === 413) return t('errors.tooLarge');
  if (err.status >= 500) return t('errors.server');
  const first = err.problem.errors?.[0];
  return first ? localiseField(t, first) : err.message;
}

/** Field errors keyed by field name, translated where we can. */
export function fieldErrors(t: Translate, err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const errors = (err as ApiError | undefined)?.problem?.errors ?? [];
  for (const e of errors) out[e.field] ??= localiseField(t, e);
  return out;
}

/** Whatever a request threw, as one sentence in the user's language. */
export function problemText(t: Translate, err: unknown): string {
  return err instanceof ApiErrorClass ? localiseProblem(t, err) : t('app.serverUnreachable');
}
