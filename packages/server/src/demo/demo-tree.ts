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
  { unit: 'UA-KYIV', year: 2025, pwid: 1400, opioid: 1050, lower: 1100, upper: 1750 },
  { unit: 'UA-ODESA', year: 2025, pwid: 900, opioid: 700, lower: 700, upper: 1150 },
  { unit: 'KZ-ALMATY', year: 2025, pwid: 600, opioid: null, lower: 450, upper: 800 },
  { unit: 'ID-JAKARTA', year: 2025, pwid: 700, opioid: 420, lower: 500, upper: 950 },
  { unit: 'ID-BALI', year: 2025, pwid: 250, opioid: 150, lower: 180, upper: 330 },
  { unit: 'UA-KYIV', year: 2026, pwid: 1450, opioid: 1080, lower: 1150, upper: 1800 },
  { unit: 'UA-ODESA', year: 2026, pwid: 920, opioid: 710, lower: 720, upper: 1180 },
];
