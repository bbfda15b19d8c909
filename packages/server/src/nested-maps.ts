/**
 * Maps of maps, for rows a batch gathers by several keys (client → site → month, say). Why not one
 * map keyed by the keys joined into a string: an import joined and hashed such a string for every
 * contact, a few hundred thousand times, for rows that number a few thousand.
 */

/** The map under `key`, made when missing. */
export function within<T>(outer: Map<string, Map<string, T>>, key: string): Map<string, T> {
  let inner = outer.get(key);
  if (!inner) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}

/** Every value of a map of maps. */
export function leaves<T>(tree: Map<string, Map<string, T>>): T[] {
  const out: T[] = [];
  for (const inner of tree.values()) for (const value of inner.values()) out.push(value);
  return out;
}

/** Every value of a map of maps of maps. */
export function leaves3<T>(tree: Map<string, Map<string, Map<string, T>>>): T[] {
  const out: T[] = [];
  for (const inner of leaves(tree)) for (const value of inner.values()) out.push(value);
  return out;
}
