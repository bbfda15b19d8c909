/** The public page's messages only (apply.*), cut from each catalogue and parsed at build time. */

import en from 'virtual:apply-catalogue/en';
import type { Catalogues } from '../i18n/i18n.js';

export const APPLY_CATALOGUES: Catalogues = {
  source: en,
  load: {
    en: async () => en,
    ru: () => import('virtual:apply-catalogue/ru').then((m) => m.default),
    ar: () => import('virtual:apply-catalogue/ar').then((m) => m.default),
    fr: () => import('virtual:apply-catalogue/fr').then((m) => m.default),
    hi: () => import('virtual:apply-catalogue/hi').then((m) => m.default),
    id: () => import('virtual:apply-catalogue/id').then((m) => m.default),
  },
};
