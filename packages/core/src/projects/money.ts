/**
 * Money as finance officers keep it: amounts are decimal strings ("974623.00"), held as integer
 * cents (bigint) so nothing is lost to binary fractions; exchange rates are decimal strings with up
 * to 8 places. A conversion multiplies exactly and rounds once, half to even (banker's rounding, as
 * accounting packages do), to the cent.
 */

/** Cents of an amount: up to 2 decimals, optional minus sign; null when it is not an amount. */
export function toCents(amount: string | number): bigint | null {
  const text =
    typeof amount === 'number' ? (Number.isFinite(amount) ? amount.toFixed(2) : '') : amount.trim();
  const m = /^(-)?(\d{1,15})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const cents = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** An amount in cents as a decimal string with two places ("-12.50"). */
export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** A rate as an exact fraction (numerator, 10^places); null when not a positive decimal of ≤ 8 places. */
export function parseRate(rate: string | number): { num: bigint; den: bigint } | null {
  const text = typeof rate === 'number' ? String(rate) : rate.trim();
  const m = /^(\d{1,12})(?:\.(\d{1,8}))?$/.exec(text);
  if (!m) return null;
  const places = (m[2] ?? '').length;
  const num = BigInt(m[1]! + (m[2] ?? ''));
  if (num === 0n) return null;
  return { num, den: 10n ** BigInt(places) };
}

/** a / b rounded half to even (b > 0). */
function divideHalfEven(a: bigint, b: bigint): bigint {
  const negative = a < 0n;
  const n = negative ? -a : a;
  let q = n / b;
  const r = n % b;
  if (r * 2n > b || (r * 2n === b && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/**
 * Converts cents at a rate given as "units of the project currency per unit of the spending
 * currency" (e.g. 0.0243 USD per UAH): exact product, one rounding.
 */
export function convert(cents: bigint, rate: { num: bigint; den: bigint }): bigint {
  return divideHalfEven(cents * rate.num, rate.den);
}

export const sumCents = (values: Iterable<bigint>): bigint => {
  let total = 0n;
  for (const v of values) total += v;
  return total;
};
