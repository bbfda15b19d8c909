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
