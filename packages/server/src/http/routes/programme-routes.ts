/** An organisation's programme settings: UIC scheme, alias, follow-up days, extra catalogue items. */

import { orgCode, programmeSettingsInput, programmeSettingsViewSchema } from '@harbour/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Harbour } from '../../context.js';
import { getProgrammeSettings, putProgrammeSettings } from '../../programme/programme-settings.js';

export function programmeRoutes(h: Harbour): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/programme/settings',
      {
        config: { permission: 'settings.manage' },
        schema: {
          tags: ['organisation'],
          summary: "An organisation's programme settings",
          querystring: z.object({ orgUnit: orgCode }).strict(),
          response: { 200: programmeSettingsViewSchema },
        },
      },
      async (req) => getProgrammeSettings(h, req.actor, req.query.orgUnit),
    );
    app.put(
      '/programme/settings',
      {
        config: { permission: 'settings.manage' },
        schema: {
          tags: ['organisation'],
          summary:
            'Change programme settings (only those given): uicScheme (a preset id or a template of parts), aliasEnabled, historySharing, referralFollowUpDays, ostMissedAfterDays, ostLostAfterDays, pinAttemptsBeforeWipe, idleLockMinutes, catalogueExtra',
          body: programmeSettingsInput.extend({ orgUnit: orgCode }),
          response: { 200: programmeSettingsViewSchema },
        },
      },
      async (req) => {
        const { orgUnit, ...settings } = req.body;
        return putProgrammeSettings(h, req.actor, orgUnit, settings);
      },
    );
  };
}
