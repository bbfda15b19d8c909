/**
 * The field app's messages only (field-keys.ts), cut from each catalogue at build time: a phone on
 * 3G downloads what it shows, not the console's words.
 */

import en from 'virtual:field-catalogue/en';
import type { Catalogues } from '../i18n/i18n.js';

export const FIELD_CATALOGUES: Catalogues = {
  source: en,
  load: {
    en: async () => en,
    ru: () => import('virtual:field-catalogue/ru').then((m) => m.default),
    ar: () => import('virtual:field-catalogue/ar').then((m) => m.default),
    fr: () => import('virtual:field-catalogue/fr').then((m) => m.default),
    hi: () => import('virtual:field-catalogue/hi').then((m) => m.default),
    id: () => import('virtual:field-catalogue/id').then((m) => m.default),
  },
};
