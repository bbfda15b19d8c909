/** The languages Harbour speaks, and which are written right to left. */

export const LOCALES = ['en', 'ru', 'ar', 'fr', 'hi', 'id'] as const;
export type Locale = (typeof LOCALES)[number];

export const RTL_LOCALES: readonly Locale[] = ['ar'];

export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  ru: 'Русский',
  ar: 'العربية',
  fr: 'Français',
  hi: 'हिन्दी',
  id: 'Bahasa Indonesia',
};

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}
