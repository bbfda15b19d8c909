import { describe, expect, it } from 'vitest';
import { checkOrgCode, checkOrgName, childPath, inTreeOrder, orderOrgImport, pathIds } from './org-tree.js';

describe('org unit names', () => {
  it('refuse control characters, naming the field', () => {
    expect(checkOrgName('Kyiv\u0000DIC')).toMatchObject({ field: 'name', rule: 'control_character' });
    expect(checkOrgName('Kyiv drop-in centre')).toBeNull();
  });
});

describe('org codes and paths', () => {
  it('accepts programme-style codes and names the rule otherwise', () => {
    expect(checkOrgCode('KYIV-DIC')).toBeNull();
    expect(checkOrgCode('ua.kyiv_01')).toBeNull();
    const issue = checkOrgCode('Kyiv DIC');
    expect(issue?.field).toBe('code');
    expect(issue?.message).toContain('"Kyiv DIC"');
    expect(issue?.message).toContain('letters, digits');
    expect(checkOrgCode('-x')).not.toBeNull();
    expect(checkOrgCode('x'.repeat(51))).not.toBeNull();
  });

  it('builds materialised paths', () => {
    expect(childPath(null, 'r')).toBe('/r/');
    expect(childPath('/r/', 'c')).toBe('/r/c/');
    expect(pathIds('/r/c/')).toEqual(['r', 'c']);
  });
});

describe('orderOrgImport', () => {
  const row = (r: number, code: string, parent: string, name = code) => ({ row: r, code, name, parent });

  it('puts parents before children whatever the file order', () => {
    const { ordered, issues } = orderOrgImport(
      [row(2, 'SITE', 'REG'), row(3, 'REG', 'ROOT'), row(4, 'ROOT', '')],
      new Set(),
    );
    expect(issues).toEqual([]);
    expect(ordered.map((r) => r.code)).toEqual(['ROOT', 'REG', 'SITE']);
  });

  it('accepts parents that already exist', () => {
    const { ordered, issues } = orderOrgImport([row(2, 'SITE', 'EXISTING')], new Set(['EXISTING']));
    expect(issues).toEqual([]);
    expect(ordered).toHaveLength(1);
  });

  it('reports unknown parents, duplicates, cycles and bad codes by row, and keeps the good rows', () => {
    const { ordered, issues } = orderOrgImport(
      [
        row(2, 'A', ''),
        row(3, 'B', 'NOPE'),
        row(4, 'A', ''),
        row(5, 'X', 'Y'),
        row(6, 'Y', 'X'),
        row(7, 'bad code', 'A'),
        row(8, 'C', 'A'),
        row(9, 'D', 'B'),
      ],
      new Set(),
    );
    expect(ordered.map((r) => r.code)).toEqual(['A', 'C']);
    const byRow = new Map(issues.map((i) => [i.row, i]));
    expect(byRow.get(3)?.rule).toBe('exists');
    expect(byRow.get(3)?.message).toContain('"NOPE"');
    expect(byRow.get(4)?.rule).toBe('unique');
    expect([byRow.get(5)?.rule, byRow.get(6)?.rule]).toContain('cycle');
    expect(byRow.get(7)?.field).toBe('code');
    expect(byRow.get(9)?.message).toContain('row 3');
  });
});

describe('units in tree order', () => {
  it('puts each unit under its parent, siblings by name, whatever order they came in', () => {
    const u = (id: string, parentId: string | null, name: string) => ({ id, parentId, name });
    // Parents first by level, as the API lists them: Almaty is a region like Kyiv.
    const units = [
      u('hrc', null, 'Consortium'),
      u('ua', 'hrc', 'Ukraine'),
      u('kz', 'hrc', 'Kazakhstan'),
      u('kyiv', 'ua', 'Kyiv'),
      u('odesa', 'ua', 'Odesa'),
      u('almaty', 'kz', 'Almaty'),
    ];
    expect(inTreeOrder(units).map((x) => `${'-'.repeat(x.depth)}${x.id}`)).toEqual([
      'hrc',
      '-kz',
      '--almaty',
      '-ua',
      '--kyiv',
      '--odesa',
    ]);
    // A subtree without its root (what a site manager sees) starts at depth 0.
    expect(inTreeOrder(units.slice(3)).map((x) => [x.id, x.depth])).toEqual([
      ['almaty', 0],
      ['kyiv', 0],
      ['odesa', 0],
    ]);
  });
});
