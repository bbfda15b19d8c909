/** Benchmark sizes. `national` is a country's programme on one small server; custom sizes are `<clients>x<contacts>`. */

export interface Tier {
  name: string;
  clients: number;
  contacts: number;
  sites: number;
  workers: number;
  months: number;
}

export const TIERS: Record<string, Tier> = {
  smoke: { name: 'smoke', clients: 300, contacts: 3_000, sites: 10, workers: 30, months: 12 },
  site: { name: 'site', clients: 5_000, contacts: 100_000, sites: 5, workers: 25, months: 24 },
  national: {
    name: 'national',
    clients: 300_000,
    contacts: 10_000_000,
    sites: 500,
    workers: 3_000,
    months: 60,
  },
};

export function tierFor(name: string): Tier {
  const known = TIERS[name];
  if (known) return known;
  const m = /^(\d+)x(\d+)$/.exec(name);
  if (!m) throw new Error(`Unknown tier "${name}": use smoke, site, national or <clients>x<contacts>`);
  const clients = Number(m[1]);
  const contacts = Number(m[2]);
  return {
    name,
    clients,
    contacts,
    sites: Math.max(5, Math.min(500, Math.round(clients / 600))),
    workers: Math.max(10, Math.min(3000, Math.round(clients / 100))),
    months: contacts > 1_000_000 ? 60 : 24,
  };
}
