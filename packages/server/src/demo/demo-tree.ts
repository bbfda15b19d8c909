/** The demo consortium: two organisations, three countries, ten sites, and one user per role. */

import type { Role } from '@harbour/core';

export const DEMO_ROOT = 'HRC';

/** code, name, parent — in the same shape as `harbour org import`. */
export const DEMO_UNITS: [string, string, string][] = [
  ['HRC', 'Harm Reduction Consortium', ''],
  ['SLN', 'Street Light Network', 'HRC'],
  ['BRC', 'Bridges Collective', 'HRC'],
  ['UA', 'Ukraine', 'SLN'],
  ['KZ', 'Kazakhstan', 'SLN'],
  ['ID', 'Indonesia', 'BRC'],
  ['UA-KYIV', 'Kyiv', 'UA'],
  ['UA-ODESA', 'Odesa', 'UA'],
  ['KZ-ALMATY', 'Almaty', 'KZ'],
  ['ID-JAKARTA', 'Jakarta', 'ID'],
  ['ID-BALI', 'Bali', 'ID'],
  ['KYIV-DIC', 'Kyiv drop-in centre', 'UA-KYIV'],
  ['KYIV-OST', 'Kyiv OST clinic', 'UA-KYIV'],
  ['KYIV-VAN', 'Kyiv mobile van', 'UA-KYIV'],
  ['ODESA-PORT', 'Odesa harbour outreach', 'UA-ODESA'],
  ['ODESA-DIC', 'Odesa drop-in centre', 'UA-ODESA'],
  ['ALMATY-DIC', 'Almaty drop-in centre', 'KZ-ALMATY'],
  ['ALMATY-NSP', 'Almaty pharmacy NSP', 'KZ-ALMATY'],
  ['JKT-DIC', 'Jakarta drop-in centre', 'ID-JAKARTA'],
  ['JKT-OUT', 'Jakarta street outreach', 'ID-JAKARTA'],
  ['BALI-DIC', 'Denpasar drop-in centre', 'ID-BALI'],
];

export const DEMO_PASSWORD = 'harbour-demo';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  unit: string;
  staffCode?: string;
  locale?: 'en' | 'ru' | 'ar' | 'fr' | 'hi' | 'id';
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: 'Consortium administrator', role: 'admin', unit: 'HRC' },
  {
    username: 'outreach',
    displayName: 'Oksana (peer outreach, Odesa)',
    role: 'outreach_worker',
    unit: 'ODESA-PORT',
    staffCode: 'OW-ODS-01',
    locale: 'ru',
  },
  {
    username: 'staff',
    displayName: 'Dmytro (drop-in centre, Kyiv)',
    role: 'site_staff',
    unit: 'KYIV-DIC',
    staffCode: 'ST-KYV-01',
  },
  {
    username: 'manager',
    displayName: 'Iryna (site manager, Kyiv)',
    role: 'site_manager',
    unit: 'UA-KYIV',
    staffCode: 'MG-KYV-01',
  },
  { username: 'meofficer', displayName: 'Aliya (M&E officer)', role: 'me_officer', unit: 'SLN' },
  { username: 'programme', displayName: 'Programme manager', role: 'programme_manager', unit: 'HRC' },
  { username: 'rights', displayName: 'Marta (rights responder)', role: 'rights_responder', unit: 'SLN' },
  { username: 'advocate', displayName: 'Consortium advocate', role: 'advocate', unit: 'HRC' },
  { username: 'donor', displayName: 'Donor viewer', role: 'donor_viewer', unit: 'HRC' },
  { username: 'grants', displayName: 'Grants officer', role: 'grants_officer', unit: 'HRC' },
  { username: 'expert', displayName: 'Oksana (community expert)', role: 'community_expert', unit: 'HRC' },
  {
    username: 'jakarta',
    displayName: 'Dewi (drop-in centre, Jakarta)',
    role: 'site_staff',
    unit: 'JKT-DIC',
    staffCode: 'ST-JKT-01',
    locale: 'id',
  },
];

/** Size estimates for the demo regions, scaled to the demo programme (a real programme imports its own). */
export const DEMO_ESTIMATES: {
  unit: string;
  year: number;
  pwid: number;
  opioid: number | null;
  lower: number;
  upper: number;
}[] = [
  // Chosen so the demo shows every WHO level: Almaty low, Kyiv, Odesa and Jakarta medium, Bali high.
  { unit: 'UA-KYIV', year: 2025, pwid: 860, opioid: 580, lower: 700, upper: 1050 },
  { unit: 'UA-ODESA', year: 2025, pwid: 570, opioid: 400, lower: 450, upper: 700 },
  { unit: 'KZ-ALMATY', year: 2025, pwid: 1050, opioid: null, lower: 800, upper: 1300 },
  { unit: 'ID-JAKARTA', year: 2025, pwid: 300, opioid: 190, lower: 220, upper: 400 },
  { unit: 'ID-BALI', year: 2025, pwid: 125, opioid: 33, lower: 90, upper: 170 },
  { unit: 'UA-KYIV', year: 2026, pwid: 900, opioid: 600, lower: 730, upper: 1100 },
  { unit: 'UA-ODESA', year: 2026, pwid: 600, opioid: 420, lower: 470, upper: 740 },
  { unit: 'KZ-ALMATY', year: 2026, pwid: 1100, opioid: null, lower: 850, upper: 1350 },
  { unit: 'ID-JAKARTA', year: 2026, pwid: 320, opioid: 200, lower: 240, upper: 420 },
  { unit: 'ID-BALI', year: 2026, pwid: 130, opioid: 35, lower: 95, upper: 175 },
];
