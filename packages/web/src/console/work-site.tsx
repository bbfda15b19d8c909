/** The site the user is working at today: chosen once, remembered on this computer, used by every service page. */

import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { get } from '../shared/api.js';
import type { Answer } from '../shared/contract.js';

/** A site as the server answers it (the contract). */
export type WorkSite = Answer<'/api/v1/work-sites'>['sites'][number];

interface WorkSiteState {
  sites: WorkSite[];
  site: WorkSite | null;
  setSite(code: string): void;
}

const Ctx = createContext<WorkSiteState>({ sites: [], site: null, setSite: () => {} });
const KEY = 'harbour.workSite';

export function WorkSiteProvider({ children }: { children: ReactNode }) {
  const [sites, setSites] = useState<WorkSite[]>([]);
  const [code, setCode] = useState<string | null>(() => localStorage.getItem(KEY));
  useEffect(() => {
    void get('/work-sites')
      .then((r) => setSites(r.sites))
      .catch(() => undefined);
  }, []);
  const site = sites.find((s) => s.code === code) ?? sites.find((s) => s.leaf) ?? sites[0] ?? null;
  const setSite = (c: string) => {
    localStorage.setItem(KEY, c);
    setCode(c);
  };
  return <Ctx.Provider value={{ sites, site, setSite }}>{children}</Ctx.Provider>;
}

export function useWorkSite(): WorkSiteState {
  return useContext(Ctx);
}

/** "Working at: [site ▾]" — only sites where the page's permission applies. */
export function SitePicker({ permission }: { permission: string }) {
  const { t } = useI18n();
  const { sites, site, setSite } = useWorkSite();
  const usable = sites.filter((s) => s.permissions.includes(permission));
  if (usable.length === 0) return <p>{t('site.none')}</p>;
  const current = usable.find((s) => s.code === site?.code) ?? usable.find((s) => s.leaf) ?? usable[0]!;
  if (current.code !== site?.code) queueMicrotask(() => setSite(current.code));
  return (
    <div className="site-picker">
      <label htmlFor="work-site">{t('site.workingAt')}</label>
      <select id="work-site" value={current.code} onChange={(e) => setSite(e.target.value)}>
        {usable.map((s) => (
          <option key={s.code} value={s.code}>
            {s.name} ({s.code})
          </option>
        ))}
      </select>
    </div>
  );
}

export function useSiteFor(permission: string): WorkSite | null {
  const { sites, site } = useWorkSite();
  const usable = sites.filter((s) => s.permissions.includes(permission));
  return usable.find((s) => s.code === site?.code) ?? usable.find((s) => s.leaf) ?? usable[0] ?? null;
}
