/** Calendar dates as `YYYY-MM-DD` strings (programme dates have no time zone), and the arithmetic indicators need. */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

export function toIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Accepts `YYYY-MM-DD`, `DD.MM.YYYY` and `DD/MM/YYYY` (formats §1); null when malformed or impossible (30 February). */
export function parseFlexibleDate(raw: string): string | null {
  const s = raw.trim();
  let iso: string | null = null;
  if (ISO.test(s)) iso = s;
  else {
    const m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(s);
    if (m) iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  }
  return iso && isIsoDate(iso) ? iso : null;
}

export function addDays(iso: string, days: number): string {
  // Day numbers, not a Date and its toISOString: a national quarterly report adds days to some
  // 30,000 dates (OST episodes, ART linkage), and the Date way was a quarter of its engine's time.
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  if (
    iso.length === 10 &&
    iso[4] === '-' &&
    iso[7] === '-' &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, m)
  ) {
    const day = Date.UTC(y, m - 1, d) / 86_400_000 + days;
    if (Number.isInteger(day)) {
      const out = isoOfDay(day);
      if (out !== null) return out;
    }
  }
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return toIsoDate(date);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** `YYYY-MM-DD` of a day counted from 1970-01-01 (the civil calendar's arithmetic), null outside years 0-9999. */
function isoOfDay(z: number): string | null {
  const shifted = z + 719_468;
  const era = Math.floor(shifted / 146_097);
  const doe = shifted - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) return null;
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** `YYYY-MM` of a date. */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/** `YYYYQn` of a `YYYY-MM` month (the rollup's quarter column). */
export function quarterOfMonth(month: string): string {
  return `${month.slice(0, 4)}Q${Math.floor((Number(month.slice(5, 7)) + 2) / 3)}`;
}

export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return toIsoDate(new Date(Date.UTC(y, m, 0)));
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The earliest contact date Harbour accepts: older registers exist, but not from before harm reduction programmes. */
export const EARLIEST_CONTACT_DATE = '1990-01-01';

/**
 * The last day a recorded event may carry: tomorrow. A phone or a clinic a time zone ahead of the
 * server is already in tomorrow, so every day recorded in Harbour — a contact, an overdose, a dose,
 * a rights case, a referral's outcome, a register row — may be up to one day ahead, and no more.
 */
export const latestRecordedDay = (today: string): string => addDays(today, 1);

/** Why a recorded day cannot be taken, or null: after tomorrow (see `latestRecordedDay`). */
export function futureDayIssue(
  field: string,
  day: string,
  today: string,
): { field: string; value: string; rule: 'future'; message: string } | null {
  return day > latestRecordedDay(today)
    ? { field, value: day, rule: 'future', message: `The date is in the future (today is ${today})` }
    : null;
}
