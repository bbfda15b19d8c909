import { describe, expect, it } from 'vitest';
import { communityGroupInput, summariseByCountry } from './groups.js';

describe('the map of drug-user groups and networks', () => {
  it('counts groups, networks, voting seats and small grants per country (a seat is member or alternate)', () => {
    const g = (
      country: string,
      kind: 'network' | 'group',
      nationalSeat: 'member' | 'alternate' | 'observer' | 'none',
      ccmSeat: 'member' | 'none',
      smallGrant: boolean,
    ) => ({
      country,
      kind,
      nationalSeat,
      ccmSeat,
      smallGrant,
    });
    expect(
      summariseByCountry([
        g('UA', 'network', 'member', 'member', false),
        g('UA', 'group', 'observer', 'none', true),
        g('UA', 'group', 'alternate', 'none', true),
        g('KZ', 'group', 'none', 'none', false),
      ]),
    ).toEqual([
      { country: 'KZ', groups: 1, networks: 0, nationalSeats: 0, ccmSeats: 0, smallGrants: 0 },
      { country: 'UA', groups: 3, networks: 1, nationalSeats: 2, ccmSeats: 1, smallGrants: 2 },
    ]);
  });

  it('names a bad country, kind or seat', () => {
    const r = communityGroupInput.safeParse({
      keeper: 'HRC',
      name: 'x',
      country: 'XX',
      kind: 'club',
      status: 'informal',
      ccmSeat: 'chair',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['ccmSeat', 'country', 'kind']);
    const ok = communityGroupInput.parse({
      keeper: 'HRC',
      name: 'x',
      country: 'ua',
      kind: 'group',
      status: 'informal',
    });
    expect(ok).toMatchObject({
      country: 'UA',
      nationalSeat: 'none',
      ccmSeat: 'none',
      listedPublicly: false,
      languages: [],
    });
  });
});
