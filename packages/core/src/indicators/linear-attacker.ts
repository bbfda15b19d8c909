/**
 * What a reader can work out exactly from published figures: the linear algebra a careful attacker
 * turns on suppressed tables. Each published figure is a sum of finest cells (`of`, their indices);
 * a published 0 also tells that every cell under it is 0. A hidden small count (1…k−1) is recovered
 * when the sum of its cells is a linear combination of the published figures. The suppression tests
 * hold every pattern against it; figures are sparse, so a few thousand of them take little time.
 */

export interface PublishedSum {
  /** The figure as published: a number, or the suppression mark. */
  value: number | string | null;
  /** The finest cells it sums. */
  of: readonly number[];
}

type Vector = Map<number, number>;

const EPSILON = 1e-9;

/** `v` reduced by an echelon basis (row by its pivot, the row's smallest column); empty when in their span. */
function reduce(v: Vector, basis: ReadonlyMap<number, Vector>): Vector {
  for (;;) {
    let pivot = Number.POSITIVE_INFINITY;
    for (const c of v.keys()) if (c < pivot) pivot = c;
    const row = basis.get(pivot);
    if (pivot === Number.POSITIVE_INFINITY || !row) return v;
    const f = v.get(pivot)! / row.get(pivot)!;
    for (const [c, x] of row) {
      const y = (v.get(c) ?? 0) - f * x;
      if (Math.abs(y) < EPSILON) v.delete(c);
      else v.set(c, y);
    }
  }
}

/** The hidden figures whose true value is a small count the published figures give back exactly. */
export function recoveredSmallCounts(
  truth: ArrayLike<number>,
  published: readonly PublishedSum[],
  k: number,
): PublishedSum[] {
  const zero = new Set<number>();
  for (const p of published) if (p.value === 0) for (const i of p.of) zero.add(i);
  const vector = (of: readonly number[]): Vector => {
    const v: Vector = new Map();
    for (const i of of) if (!zero.has(i)) v.set(i, 1);
    return v;
  };
  const basis = new Map<number, Vector>();
  for (const p of published) {
    if (typeof p.value !== 'number') continue;
    const v = reduce(vector(p.of), basis);
    if (v.size > 0) basis.set(Math.min(...v.keys()), v);
  }
  const seen = new Set<string>();
  return published.filter((p) => {
    if (typeof p.value !== 'string') return false;
    const id = [...p.of].sort((a, b) => a - b).join('+');
    if (seen.has(id)) return false;
    seen.add(id);
    const sum = p.of.reduce((t, i) => t + truth[i]!, 0);
    // Hidden only to protect another: its value is not a small count.
    if (sum <= 0 || sum >= k) return false;
    return reduce(vector(p.of), basis).size === 0;
  });
}
