/** ICU MessageFormat catalogues, lazy-loaded per language; right-to-left languages flip the page direction. */

import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

/** Messages as ICU text, or already parsed (the field app's, parsed at build time). */
export type Catalogue = Record<string, string | MessageFormatElement[]>;
export type UiLocale = 'en' | 'ru' | 'ar' | 'fr' | 'hi' | 'id';

export const UI_LOCALES: { code: UiLocale; name: string; rtl?: boolean }[] = [
  { code: 'en', name: 'English' },
  { code: 'ru', name: 'Русский' },
  { code: 'ar', name: 'العربية', rtl: true },
  { code: 'fr', name: 'Français' },
  { code: 'hi', name: 'हिन्दी' },
  { code: 'id', name: 'Bahasa Indonesia' },
];

/** An app's messages: its English source (the fallback for any missing message) and a loader per language. */
export interface Catalogues {
  source: Catalogue;
  load: Record<UiLocale, () => Promise<Catalogue>>;
}

export type Translate = (id: string, values?: Record<string, unknown>) => string;

interface I18n {
  locale: UiLocale;
  t: Translate;
  setLocale(l: UiLocale): void;
}

const Ctx = createContext<I18n | null>(null);
const STORAGE_KEY = 'harbour.locale';

export function isUiLocale(v: unknown): v is UiLocale {
  return UI_LOCALES.some((l) => l.code === v);
}

function initialLocale(): UiLocale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (isUiLocale(saved)) return saved;
  const nav = typeof navigator !== 'undefined' ? navigator.language.slice(0, 2) : 'en';
  return isUiLocale(nav) ? nav : 'en';
}

export function I18nProvider({ children, catalogues }: { children: ReactNode; catalogues: Catalogues }) {
  const [locale, setLocaleState] = useState<UiLocale>(initialLocale);
  const [catalogue, setCatalogue] = useState<Catalogue>(catalogues.source);

  useEffect(() => {
    let live = true;
    void catalogues.load[locale]().then((c) => {
      if (live) setCatalogue(c);
    });
    const rtl = UI_LOCALES.find((l) => l.code === locale)?.rtl ?? false;
    document.documentElement.lang = locale;
    document.documentElement.dir = rtl ? 'rtl' : 'ltr';
    return () => {
      live = false;
    };
  }, [locale, catalogues.load]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new catalogue or locale must start an empty cache
  const cache = useMemo(() => new Map<string, IntlMessageFormat>(), [catalogue, locale]);
  const t = useCallback<Translate>(
    (id, values) => {
      const source = catalogue[id] ?? catalogues.source[id] ?? id;
      let fmt = cache.get(id);
      if (!fmt) {
        try {
          fmt = new IntlMessageFormat(source, locale);
        } catch {
          return typeof source === 'string' ? source : id;
        }
        cache.set(id, fmt);
      }
      return String(fmt.format(values as never));
    },
    [catalogue, cache, locale, catalogues],
  );

  const setLocale = useCallback((l: UiLocale) => {
    localStorage.setItem(STORAGE_KEY, l);
    setLocaleState(l);
  }, []);

  return <Ctx.Provider value={{ locale, t, setLocale }}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
