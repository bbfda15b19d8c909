/**
 * Hybrid logical clocks for profile fields edited offline (last writer wins per field).
 *
 * A stamp is `<ms since epoch, 13 digits>.<counter, 4 digits>.<node>` so that plain string comparison
 * orders stamps: wall time first, then the counter, then the node id as a tie-breaker. Stamps from the
 * console are `<ISO time>|server` (older format kept in profile_clock); `stampMillis` reads both.
 */

export interface Hlc {
  ms: number;
  counter: number;
  node: string;
}

export function formatHlc(h: Hlc): string {
  return `${String(Math.max(0, Math.floor(h.ms))).padStart(13, '0')}.${String(h.counter).padStart(4, '0')}.${h.node}`;
}

export function parseHlc(text: string): Hlc | null {
  const m = /^(\d{13})\.(\d{4})\.([A-Za-z0-9_-]{1,64})$/.exec(text);
  if (m) return { ms: Number(m[1]), counter: Number(m[2]), node: m[3]! };
  // The console's stamp: ISO time, a bar, "server".
  const iso = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\|(\w+)$/.exec(text);
  if (iso) {
    const ms = Date.parse(iso[1]!);
    return Number.isNaN(ms) ? null : { ms, counter: 0, node: iso[2]! };
  }
  return null;
}

/** Orders two stamps (either format); an unreadable stamp is older than any readable one. */
export function compareStamps(a: string | undefined, b: string | undefined): number {
  const pa = a ? parseHlc(a) : null;
  const pb = b ? parseHlc(b) : null;
  if (!pa || !pb) return pa ? 1 : pb ? -1 : 0;
  return pa.ms - pb.ms || pa.counter - pb.counter || (pa.node < pb.node ? -1 : pa.node > pb.node ? 1 : 0);
}

/** The next stamp for a local event: never behind the last one, even if the wall clock went back. */
export function tick(last: Hlc | null, wallMs: number, node: string): Hlc {
  if (!last || wallMs > last.ms) return { ms: wallMs, counter: 0, node };
  return { ms: last.ms, counter: last.counter + 1, node };
}

/** Keeps the local clock ahead of a stamp received from elsewhere. */
export function receive(last: Hlc | null, remote: Hlc, wallMs: number, node: string): Hlc {
  const ms = Math.max(wallMs, last?.ms ?? 0, remote.ms);
  const counter =
    ms === last?.ms && ms === remote.ms
      ? Math.max(last.counter, remote.counter) + 1
      : ms === last?.ms
        ? last.counter + 1
        : ms === remote.ms
          ? remote.counter + 1
          : 0;
  return { ms, counter, node };
}

/**
 * A phone whose clock runs fast would win every later edit. The server accepts a stamp at most
 * `skewMs` ahead of its own clock and pulls anything later back to its own time (same counter and node).
 */
export function clampStamp(stamp: string, serverMs: number, skewMs = 60_000): string {
  const h = parseHlc(stamp);
  if (!h) return stamp;
  return h.ms > serverMs + skewMs ? formatHlc({ ...h, ms: serverMs }) : stamp;
}
