import { describe, expect, it } from 'vitest';
import {
  type ContactItem,
  canonicalItems,
  checkItems,
  clinicalEvents,
  FLAG,
  referralsOf,
  summarise,
} from './contact-items.js';

describe('contact items', () => {
  it('counts an overdose response as one reversal only when the person survived, whatever the doses', () => {
    const reversals = (items: ContactItem[]) => summarise(items).reversals;
    expect(reversals([{ code: 'naloxone_reversal', doses: 2, outcome: 'survived' }])).toBe(1);
    expect(reversals([{ code: 'naloxone_reversal', doses: 2, outcome: 'died' }])).toBe(0);
    expect(reversals([{ code: 'naloxone_reversal', doses: 1, outcome: 'unknown' }])).toBe(0);
    // What older phones sent: the doses as the quantity.
    expect(reversals([{ code: 'naloxone_reversal', qty: 3, outcome: 'survived' }])).toBe(1);
    expect(reversals([{ code: 'naloxone_reversal', qty: 2, outcome: 'died' }])).toBe(0);
    // A register's reported reversals: the number given.
    expect(reversals([{ code: 'naloxone_reversal', qty: 3 }])).toBe(3);
    expect(reversals([{ code: 'naloxone_reversal' }])).toBe(1);
    // The event keeps the doses given and the outcome.
    expect(clinicalEvents([{ code: 'naloxone_reversal', doses: 2, outcome: 'died' }])).toEqual([
      { kind: 'overdose', value: 'died', detail: 'naloxone', num: 2 },
    ]);
  });

  it('summarises quantities and flags the way the indicators read them', () => {
    const s = summarise([
      { code: 'syringes', qty: 10 },
      { code: 'syringes', qty: 5 },
      { code: 'needles', qty: 3 },
      { code: 'syringes_returned', qty: 7 },
      { code: 'hiv_test', result: 'positive', selfTest: true },
      { code: 'tb_screening', result: 'presumptive' },
      { code: 'referral', to: 'hiv_test' },
    ]);
    expect(s).toMatchObject({ syringes: 15, needles: 3, returned: 7 });
    expect(s.flags & FLAG.HIV_RESULT).toBeTruthy();
    expect(s.flags & FLAG.HIV_POSITIVE).toBeTruthy();
    expect(s.flags & FLAG.HIV_TEST).toBeTruthy();
    expect(s.flags & FLAG.TB_REFERRED).toBeTruthy();
    expect(s.flags & FLAG.HIV_TEST_REFERRAL).toBeTruthy();
    expect(summarise([{ code: 'hiv_test', result: 'indeterminate' }]).flags & FLAG.HIV_RESULT).toBe(0);
    expect(summarise([{ code: 'hiv_test', result: 'declined' }]).flags).toBe(0);
    expect(summarise([{ code: 'hcv_test', result: 'referred' }]).flags & FLAG.HCV_TESTED).toBe(0);
  });

  it('checks items against the catalogue', () => {
    const issues = checkItems([
      { code: 'syringes' },
      { code: 'syringes', qty: 5000 },
      { code: 'hiv_test', result: 'maybe' },
      { code: 'teleport' },
      { code: 'ost' },
      { code: 'referral' },
      { code: 'viral_load' },
    ]);
    expect(issues.map((i) => `${i.field}:${i.rule}`)).toEqual([
      'items.0.qty:required',
      'items.1.qty:max',
      'items.2.result:enum',
      'items.3.code:enum',
      'items.4.event:required',
      'items.5.to:required',
      'items.6.copies:required',
    ]);
    expect(checkItems([])).toHaveLength(1);
  });

  it('turns tests and OST into dated events', () => {
    expect(
      clinicalEvents([
        { code: 'ost', event: 'dose', medicine: 'methadone', mg: 80 },
        { code: 'viral_load', copies: 40 },
      ]),
    ).toEqual([
      { kind: 'ost', value: 'dose', detail: 'methadone', num: 80 },
      { kind: 'viral_load', value: null, detail: null, num: 40 },
    ]);
  });

  it('orders items canonically whatever the input order', () => {
    expect(canonicalItems([{ qty: 1, code: 'condoms' }, { code: 'iec' }])).toEqual(
      canonicalItems([{ code: 'iec' }, { code: 'condoms', qty: 1 }]),
    );
  });

  it('lists each referral target once, in the order given, with its provider, and nothing for a contact without one', () => {
    expect(
      referralsOf([
        { code: 'referral', to: 'ost', provider: 'City narcology clinic' },
        { code: 'syringes', qty: 10 },
        { code: 'referral', to: 'legal' },
        { code: 'referral', to: 'ost' },
      ]),
    ).toEqual([
      { service: 'ost', provider: 'City narcology clinic' },
      { service: 'legal', provider: null },
    ]);
    expect(referralsOf([{ code: 'syringes', qty: 10 }])).toEqual([]);
  });

  it('refuses a provider on anything but a referral, naming the field', () => {
    expect(checkItems([{ code: 'syringes', qty: 10, provider: 'Clinic' }])).toEqual([
      expect.objectContaining({ field: 'items.0.provider', rule: 'unexpected' }),
    ]);
  });
});
