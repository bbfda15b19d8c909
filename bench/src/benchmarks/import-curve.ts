/**
 * How an import's rate moves as the database grows: the rate in each tenth of the rows, from the
 * progress lines `harbour import --progress-every` prints. A flat curve is what a register of any
 * size needs; a falling one says the cost grows with what is already there.
 */

/** One progress line: seconds since the import started, rows read by then. */
export interface ProgressSample {
  seconds: number;
  rows: number;
}

/** `Importing: 1200000 rows read (43% of the file)` → 1200000. */
export function rowsOfLine(line: string): number | null {
  const m = /^Importing: (\d+) rows? read/.exec(line);
  return m ? Number(m[1]) : null;
}

/** Rows per second in each tenth of `total` rows; [] when the samples do not span the import. */
export function tenthRates(samples: readonly ProgressSample[], total: number): number[] {
  const s = [...samples].sort((a, b) => a.seconds - b.seconds || a.rows - b.rows);
  if (total <= 0 || s.length < 2) return [];
  // When the import had read r rows, between the samples around r (the last at or below it, so the
  // start is when rows began to move).
  const timeAt = (r: number): number | null => {
    let i = 0;
    while (i + 1 < s.length && s[i + 1]!.rows <= r) i++;
    const a = s[i]!;
    if (a.rows === r) return a.seconds;
    const b = s[i + 1];
    if (!b || a.rows > r) return null;
    return a.seconds + ((b.seconds - a.seconds) * (r - a.rows)) / (b.rows - a.rows);
  };
  const times = Array.from({ length: 11 }, (_, k) => timeAt((k * total) / 10));
  if (times.some((t) => t === null)) return [];
  return times.slice(1).map((t, k) => total / 10 / Math.max(1e-6, t! - times[k]!));
}
