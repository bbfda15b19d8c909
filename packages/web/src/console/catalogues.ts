/** The console's messages: English with the code, the other languages loaded when chosen. */

import en from '../i18n/en.json';
import type { Catalogues } from '../i18n/i18n.js';

export const CONSOLE_CATALOGUES: Catalogues = {
  source: en,
  load: {
    en: async () => en,
    ru: () => import('../i18n/ru.json').then((m) => m.default),
    ar: () => import('../i18n/ar.json').then((m) => m.default),
    fr: () => import('../i18n/fr.json').then((m) => m.default),
    hi: () => import('../i18n/hi.json').then((m) => m.default),
    id: () => import('../i18n/id.json').then((m) => m.default),
  },
};
