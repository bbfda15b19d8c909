import { describe, expect, it } from 'vitest';
import { cellKeys, suggestCombo, suggestOrgUnit } from './dhis2-mapping-form.js';

describe('the DHIS2 mapping form', () => {
  it('asks for one combo per cell the breakdown sends, keyed as the server keys them', () => {
    expect(cellKeys('')).toEqual(['']);
    expect(cellKeys('orgUnit:3')).toEqual(['']);
    const keys = cellKeys('age:gam,sex');
    expect(keys[0]).toBe('');
    expect(keys).toContain('sex=female|age=<25');
    expect(keys).toContain('sex=transgender|age=unknown');
    expect(keys).toHaveLength(1 + 7 * 3);
    expect(cellKeys('kp')).toContain('kp=unknown');
  });

  it('suggests a combo only when exactly one has the cell’s values for a name, in any order', () => {
    const combos = [
      { id: 'd', name: 'default' },
      { id: 'f2024', name: 'Female, 20-24y' },
      { id: 'm2024', name: '20-24 years, Male' },
      { id: 'tw', name: 'Transgender woman, 20-24' },
      { id: 'f', name: 'Female' },
    ];
    expect(suggestCombo('', combos)).toBe('d');
    expect(suggestCombo('sex=female|age=20-24', combos)).toBe('f2024');
    expect(suggestCombo('sex=male|age=20-24', combos)).toBe('m2024');
    expect(suggestCombo('sex=trans_woman|age=20-24', combos)).toBe('tw');
    expect(suggestCombo('sex=female', combos)).toBe('f');
    expect(suggestCombo('sex=nonbinary|age=20-24', combos)).toBeNull();
    expect(suggestCombo('sex=female', [...combos, { id: 'f2', name: 'female' }])).toBeNull();
  });

  it('suggests an org unit by code first, then by name', () => {
    const dhis = [
      { id: 'A', name: 'Kyiv city', code: 'UA-KYIV' },
      { id: 'B', name: 'Odesa', code: null },
      { id: 'C', name: 'Kyiv', code: 'OTHER' },
    ];
    expect(suggestOrgUnit({ code: 'ua-kyiv', name: 'Kyiv' }, dhis)).toBe('A');
    expect(suggestOrgUnit({ code: 'UA-ODESA', name: 'odesa' }, dhis)).toBe('B');
    expect(suggestOrgUnit({ code: 'UA-LVIV', name: 'Lviv' }, dhis)).toBeNull();
  });
});
