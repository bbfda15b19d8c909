/** The demo's Ukraine (demo-tree.ts) as suppression tests walk it: each unit with its parent, and subtrees. */

export const UKRAINE_TREE: [unit: string, parent: string | null][] = [
  ['UA', null],
  ['UA-KYIV', 'UA'],
  ['UA-ODESA', 'UA'],
  ['KYIV-DIC', 'UA-KYIV'],
  ['KYIV-OST', 'UA-KYIV'],
  ['KYIV-VAN', 'UA-KYIV'],
  ['ODESA-PORT', 'UA-ODESA'],
  ['ODESA-DIC', 'UA-ODESA'],
];

export const UKRAINE_UNITS = UKRAINE_TREE.map(([unit]) => unit);

/** A unit and every unit under it. */
export const subtreeOf = (unit: string): string[] => [
  unit,
  ...UKRAINE_TREE.filter(([, parent]) => parent === unit).flatMap(([child]) => subtreeOf(child)),
];
