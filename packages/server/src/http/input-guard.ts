/**
 * One guard in front of every route's schema: JSON nested too deeply is refused before it is parsed,
 * and no body, query or path parameter may carry a control character or a number out of range. A
 * class of bug closed in one place: before it, a NUL in any of 25 endpoints (sign-in included) was a
 * server error on PostgreSQL and a stored value on SQLite that no PostgreSQL restore could take.
 */

import { InputError, jsonDepthExceeds, MAX_JSON_DEPTH, unsafeValueIssue } from '@harbour/core';
import type { FastifyInstance } from 'fastify';

export function guardInput(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (jsonDepthExceeds(body as string)) {
      done(
        new InputError({
          field: 'body',
          rule: 'depth',
          message: `The body nests deeper than ${MAX_JSON_DEPTH} levels; no request needs that`,
        }),
        undefined,
      );
      return;
    }
    parseJson(req, body as string, done);
  });
  app.addHook('preValidation', async (req) => {
    const issue = unsafeValueIssue(req.params) ?? unsafeValueIssue(req.query) ?? unsafeValueIssue(req.body);
    if (issue) throw new InputError(issue);
  });
}
