/**
 * Complementary suppression that holds across every breakdown a reader outside the programme can
 * ask for one org unit and one period: by sex, by age in any band set, by key population, and every
 * cross of them. Each report is not suppressed on its own (then the report by sex and the report by
 * sex × age, each safe alone, subtract to a hidden cell); the pattern is worked out once, on the
 * finest table (sex × fine age band × key population) with every margin any report can publish — the
 * *lattice* — and every report shows the cells of that one pattern. Whatever reports are combined,
 * the reader sees a subset of one published set, and that set is protected.
 *
 * Protected means: no hidden small count (1…k−1) is a linear combination of published cells. The
 * proof is built, not searched for: each small cell h gets a *perturbation* z — +1 and −1 on a few
 * finest cells, a box over some dimensions or a pair of cells — whose sum is 0 over every published
 * cell and not 0 over h. Adding z to the true table changes h and no published figure, so no sum or
 * difference of published figures gives h. The cells z touches with a non-zero sum are the ones
 * hidden to protect h; among the candidates the cheapest is chosen (least count hidden, a margin
 * weighing more than a finest cell and the total most, so totals stay published). Hiding more
 * later never breaks an earlier z, so every small cell ends protected. Zeros are published (a zero
 * box cell is never used), as `formats.md` wants.
 */

import { KEY_POPULATIONS, SEXES } from '../client.js';
import { INDICATORS } from './definitions.js';
import { type AgeBandSet, ageBand } from './disaggregation.js';
import type { ReportValue } from './engine.js';

/** One value a report can publish for a dimension: the set of finest values it sums (0 = all). */
interface LatticeOption {
  members: readonly number[];
  /** By finest value index: 1 when it is a member. */
  has: Uint8Array;
}

export interface LatticeDim {
  /** The report's disaggregation key (`sex`, `age`, `kp`), or `unit` and `period` (event-suppression.ts). */
  key: string;
  base: readonly string[];
  /** options[0] is the whole dimension (the dimension not asked for). */
  options: LatticeOption[];
  optionOf: ReadonlyMap<string, number>;
}

export function latticeDimension(
  key: string,
  base: readonly string[],
  groups: [string, string[]][],
): LatticeDim {
  const options: LatticeOption[] = [];
  const byMembers = new Map<string, number>();
  const optionOf = new Map<string, number>();
  const add = (members: number[]) => {
    const id = members.join(',');
    let i = byMembers.get(id);
    if (i === undefined) {
      const has = new Uint8Array(base.length);
      for (const m of members) has[m] = 1;
      i = options.push({ members, has }) - 1;
      byMembers.set(id, i);
    }
    return i;
  };
  add(base.map((_, i) => i));
  for (const [label, values] of groups)
    optionOf.set(label, add(values.map((v) => base.indexOf(v)).sort((a, b) => a - b)));
  return { key, base, options, optionOf };
}

const FINE_AGES: readonly string[] = [
  '<15',
  '15-19',
  '20-24',
  '25-29',
  '30-34',
  '35-39',
  '40-44',
  '45-49',
  '50+',
  'unknown',
];

/** Every age band of every band set, as the fine bands it covers (gf's 25+ is 25-29 … 50+). */
function ageGroups(): [string, string[]][] {
  const groups = new Map<string, Set<string>>();
  for (const age of [...Array.from({ length: 131 }, (_, i) => i), null])
    for (const set of ['fine', 'gf', 'gam'] as AgeBandSet[]) {
      const label = ageBand(set, age);
      const members = groups.get(label) ?? new Set<string>();
      members.add(ageBand('fine', age));
      groups.set(label, members);
    }
  return [...groups].map(([label, m]) => [label, [...m]]);
}

/** The dimensions of the lattice: sex (with transgender = trans women + trans men), age, key population. */
export const LATTICE_DIMS: readonly LatticeDim[] = [
  latticeDimension('sex', SEXES, [
    ...SEXES.map((s): [string, string[]] => [s, [s]]),
    ['transgender', ['trans_woman', 'trans_man']],
  ]),
  latticeDimension('age', FINE_AGES, ageGroups()),
  latticeDimension(
    'kp',
    [...KEY_POPULATIONS, 'unknown'],
    [...[...KEY_POPULATIONS, 'unknown'].map((k): [string, string[]] => [k, [k]])],
  ),
];

/** The hidden cells of one indicator's lattice, by cell index (options' indices in mixed radix). */
export function protectLattice(dims: readonly LatticeDim[], base: Float64Array, k: number): Uint8Array {
  const optCount = dims.map((d) => d.options.length);
  const baseSize = dims.map((d) => d.base.length);
  const cellStride = strides(optCount);
  const baseStride = strides(baseSize);
  const values = aggregate(dims, base);
  const hidden = new Uint8Array(values.length);

  const primaries: number[] = [];
  values.forEach((v, c) => {
    if (v > 0 && v < k) {
      hidden[c] = 1;
      primaries.push(c);
    }
  });
  if (primaries.length === 0) return hidden;

  const decode = (c: number, stride: number[], size: number[]) =>
    stride.map((s, d) => Math.floor(c / s) % size[d]!);
  const flat = (coords: readonly number[]) => coords.reduce((t, x, d) => t + x * baseStride[d]!, 0);
  const baseAt = (coords: readonly number[]) => base[flat(coords)]!;
  const baseCoords = Array.from({ length: base.length }, (_, b) => decode(b, baseStride, baseSize));
  const specificity = new Map(
    primaries.map((c) => [c, decode(c, cellStride, optCount).filter((o) => o !== 0).length]),
  );
  // Finest cells first: their boxes are cheap and often cover a margin too. Ties in a fixed order, so
  // the pattern depends on the table only, never on which report was asked first.
  primaries.sort((a, b) => specificity.get(b)! - specificity.get(a)! || values[a]! - values[b]! || a - b);

  // Options holding a finest value, and options holding one of two values and not the other.
  const holding = dims.map((dim) =>
    dim.base.map((_, x) => dim.options.flatMap((o, j) => (o.has[x] === 1 ? [j] : []))),
  );
  // Worked out for the pairs a box asks about only: over a year's org tree (hundreds of units, as many
  // options) every pair up front was 30 s of a national report's first suppressed copy.
  const separatingOf = dims.map(() => new Map<number, number[]>());
  const separating = (d: number, x: number, y: number) => {
    const dim = dims[d]!;
    const key = x * dim.base.length + y;
    let options = separatingOf[d]!.get(key);
    if (!options) {
      options = dim.options.flatMap((o, j) => (o.has[x] !== o.has[y] ? [j] : []));
      separatingOf[d]!.set(key, options);
    }
    return options;
  };
  // What hiding a cell costs: its count, and more the wider it is — a reader misses a margin more than
  // a finest cell, and the total most (×4 for each dimension summed over).
  const price = values.map((v, c) => v * 4 ** decode(c, cellStride, optCount).filter((o) => o === 0).length);
  /** The price of hiding a set of cells (one option list per dimension), stopping at `limit`. */
  const costOf = (allowed: readonly (readonly number[])[], limit: number) => {
    let cost = 0;
    const at = new Array<number>(allowed.length).fill(0);
    for (;;) {
      let c = 0;
      for (let d = 0; d < allowed.length; d++) c += allowed[d]![at[d]!]! * cellStride[d]!;
      if (!hidden[c]) {
        cost += price[c]!;
        if (cost >= limit) return cost;
      }
      let d = allowed.length - 1;
      while (d >= 0 && ++at[d]! === allowed[d]!.length) at[d--] = 0;
      if (d < 0) return cost;
    }
  };

  const cellOf = (opts: readonly number[]) => opts.reduce((t, o, d) => t + o * cellStride[d]!, 0);
  /** The lattice cells holding a finest cell. */
  const holdingCells = new Map<number, number[]>();
  const through = (b: number) => {
    let cells = holdingCells.get(b);
    if (!cells) {
      cells = product(dims.map((_, d) => holding[d]![baseCoords[b]![d]!]!)).map(cellOf);
      holdingCells.set(b, cells);
    }
    return cells;
  };
  const mark = new Int32Array(values.length);
  const other = new Int32Array(values.length);
  let stamp = 0;
  // A cell z sums to non-zero over is exactly a cell z hides: those are the cells it protects.
  const covered = new Uint8Array(values.length);
  for (const h of primaries) {
    if (covered[h]) continue;
    const opts = decode(h, cellStride, optCount);
    const specific = opts.map((o, d) => (o !== 0 ? d : -1)).filter((d) => d >= 0);
    // Anchors: the finest non-zero cells inside h (fewer than k of them), smallest first.
    const anchors: number[][] = [];
    for (let b = 0; b < base.length; b++)
      if (base[b]! > 0 && baseCoords[b]!.every((x, d) => dims[d]!.options[opts[d]!]!.has[x] === 1))
        anchors.push(baseCoords[b]!);
    anchors.sort((a, b) => baseAt(a) - baseAt(b) || flat(a) - flat(b));
    anchors.length = Math.min(anchors.length, 2);
    let best: { cost: number; cells: () => number[] } | null = null;
    search: for (const anchor of anchors)
      for (const box of subsets(specific)) {
        // Partners along each box dimension: outside h there, non-zero beside the anchor, smallest first.
        const partners = box.map((d) =>
          dims[d]!.base.map((_, y) => y)
            .filter((y) => dims[d]!.options[opts[d]!]!.has[y] === 0)
            .map((y) => ({ y, v: base[flat(anchor) + (y - anchor[d]!) * baseStride[d]!]! }))
            .filter((p) => p.v > 0)
            .sort((a, b) => a.v - b.v)
            .slice(0, 3)
            .map((p) => p.y),
        );
        for (const ys of product(partners)) {
          // Every corner of the box must be a non-zero cell (a published 0 cannot be perturbed).
          const from = flat(anchor);
          let empty = false;
          for (let m = 1; m < 1 << box.length && !empty; m++) {
            let b = from;
            for (let i = 0; i < box.length; i++)
              if (m & (1 << i)) b += (ys[i]! - anchor[box[i]!]!) * baseStride[box[i]!]!;
            empty = base[b] === 0;
          }
          if (empty) continue;
          // The cells z sums to non-zero: along the box, options holding one corner value and not
          // the other; elsewhere, options holding the anchor's value.
          const allowed = dims.map((_, d) => {
            const i = box.indexOf(d);
            return i >= 0 ? separating(d, anchor[d]!, ys[i]!) : holding[d]![anchor[d]!]!;
          });
          const cost = costOf(allowed, best ? best.cost : Number.POSITIVE_INFINITY);
          if (!best || cost < best.cost) best = { cost, cells: () => product(allowed).map(cellOf) };
          if (cost === 0) break search;
        }
      }
    // When no box fits (a small programme: nobody beside the anchor), a pair: +1 on the anchor, −1
    // on any non-zero finest cell outside h. It hides the cells holding one of the two and not the
    // other — margins of other dimensions too, when the two differ there — but never the total.
    for (const anchor of best ? [] : anchors) {
      const mine = through(flat(anchor));
      const inMine = ++stamp;
      for (const c of mine) mark[c] = inMine;
      for (let b = 0; b < base.length; b++) {
        if (base[b] === 0 || baseCoords[b]!.every((x, d) => dims[d]!.options[opts[d]!]!.has[x] === 1))
          continue;
        const theirs = through(b);
        const inTheirs = ++stamp;
        let cost = 0;
        for (const c of theirs) {
          if (mark[c] !== inMine && !hidden[c]) cost += price[c]!;
          other[c] = inTheirs;
        }
        if (best && cost >= best.cost) continue;
        for (const c of mine) if (other[c] !== inTheirs && !hidden[c]) cost += price[c]!;
        if (!best || cost < best.cost) {
          const both = new Set(theirs.filter((c) => mark[c] === inMine));
          best = { cost, cells: () => [...mine, ...theirs].filter((c) => !both.has(c)) };
        }
      }
    }
    // Last, a single cell: everything holding the anchor hidden, the total too.
    if (!best && anchors[0]) {
      const cells = through(flat(anchors[0]));
      best = { cost: 0, cells: () => cells };
    }
    if (!best) continue; // h holds no non-zero cell: impossible for a count of 1…k−1
    for (const c of best.cells()) {
      hidden[c] = 1;
      covered[c] = 1;
    }
  }
  return hidden;
}

/** Every lattice cell's value: each dimension's options summed from the finest values, one at a time. */
function aggregate(dims: readonly LatticeDim[], base: Float64Array): Float64Array {
  let shape = dims.map((d) => d.base.length);
  let data = base;
  dims.forEach((dim, axis) => {
    const next = [...shape];
    next[axis] = dim.options.length;
    const out = new Float64Array(next.reduce((a, b) => a * b, 1));
    const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
    for (let o = 0; o < outer; o++)
      dim.options.forEach((opt, j) => {
        for (const m of opt.members) {
          const from = (o * shape[axis]! + m) * inner;
          const to = (o * dim.options.length + j) * inner;
          for (let i = 0; i < inner; i++) out[to + i]! += data[from + i]!;
        }
      });
    shape = next;
    data = out;
  });
  return data;
}

function strides(size: readonly number[]): number[] {
  const s = new Array<number>(size.length).fill(1);
  for (let d = size.length - 2; d >= 0; d--) s[d] = s[d + 1]! * size[d + 1]!;
  return s;
}

function product(lists: readonly (readonly number[])[]): number[][] {
  let out: number[][] = [[]];
  for (const l of lists) out = out.flatMap((p) => l.map((x) => [...p, x]));
  return out;
}

/** Every non-empty subset of `xs`, largest first. */
function subsets(xs: readonly number[]): number[][] {
  const all: number[][] = [];
  for (let m = (1 << xs.length) - 1; m > 0; m--) all.push(xs.filter((_, i) => m & (1 << i)));
  return all.sort((a, b) => b.length - a.length);
}

/** Whether a published value is hidden; undefined when it is not a cell of any lattice (not additive). */
export type LatticeLookup = (
  indicator: string,
  disaggregation: Readonly<Record<string, string>>,
) => boolean | undefined;

const ADDITIVE = new Set(INDICATORS.filter((d) => d.additive).map((d) => d.id));

/**
 * The pattern for every additive indicator of a cube — the engine's report by sex × age:fine × kp
 * (and by org unit, when the report is: one lattice per unit) — at threshold k.
 */
export function latticeSuppression(cube: readonly ReportValue[], k: number): LatticeLookup {
  const dims = LATTICE_DIMS;
  const baseStride = strides(dims.map((d) => d.base.length));
  const cellStride = strides(dims.map((d) => d.options.length));
  const size = dims.reduce((t, d) => t * d.base.length, 1);
  const bases = new Map<string, Float64Array>();
  for (const v of cube) {
    const dis = v.disaggregation;
    if (!ADDITIVE.has(v.indicator) || typeof v.value !== 'number' || dis.sex === 'transgender') continue;
    const coords = dims.map((d) => d.base.indexOf(dis[d.key] ?? ''));
    if (coords.some((x) => x < 0)) continue;
    const key = `${v.indicator}|${dis.orgUnit ?? ''}`;
    let b = bases.get(key);
    if (!b) {
      b = new Float64Array(size);
      bases.set(key, b);
    }
    b[coords.reduce((t, x, d) => t + x * baseStride[d]!, 0)]! += v.value;
  }
  const patterns = new Map<string, Uint8Array>();
  return (indicator, dis) => {
    if (!ADDITIVE.has(indicator)) return undefined;
    const key = `${indicator}|${dis.orgUnit ?? ''}`;
    let hidden = patterns.get(key);
    if (!hidden) {
      hidden = remembered(bases.get(key) ?? new Float64Array(size), k);
      patterns.set(key, hidden);
    }
    let c = 0;
    for (const [d, dim] of dims.entries()) {
      const o = dis[dim.key] === undefined ? 0 : dim.optionOf.get(dis[dim.key]!);
      if (o === undefined) return undefined;
      c += o * cellStride[d]!;
    }
    return hidden[c] === 1;
  };
}

/**
 * Patterns already worked out, by table: the same period and unit asked by another breakdown (or the
 * dashboard's periods asked again, or a year's event counts asked by another report) reuse them. A
 * pattern depends on its table alone, so this changes nothing but time. Bounded: the oldest are
 * forgotten first.
 */
const REMEMBERED = new Map<string, Uint8Array>();
const REMEMBER_AT_MOST = 4000;

/** The pattern of the table `id` names, worked out by `protect` the first time. */
export function rememberedPattern(id: string, protect: () => Uint8Array): Uint8Array {
  let hidden = REMEMBERED.get(id);
  if (hidden) {
    REMEMBERED.delete(id);
  } else {
    hidden = protect();
    if (REMEMBERED.size >= REMEMBER_AT_MOST) REMEMBERED.delete(REMEMBERED.keys().next().value!);
  }
  REMEMBERED.set(id, hidden);
  return hidden;
}

function remembered(base: Float64Array, k: number): Uint8Array {
  return rememberedPattern(`${k}:${base.join(',')}`, () => protectLattice(LATTICE_DIMS, base, k));
}
