import { describe, expect, it } from 'vitest';
import { convert, fromCents, parseRate, sumCents, toCents } from './money.js';

describe('money', () => {
  it('keeps amounts as exact cents', () => {
    expect(toCents('974623')).toBe(97_462_300n);
    expect(toCents('264024.5')).toBe(26_402_450n);
    expect(toCents('-12.05')).toBe(-1205n);
    expect(toCents(0.1 + 0.2)).toBe(30n);
    for (const bad of ['', '1.234', '1,000', 'abc', '1e5', '--1']) expect(toCents(bad), bad).toBeNull();
    expect(fromCents(97_462_300n)).toBe('974623.00');
    expect(fromCents(-1205n)).toBe('-12.05');
    // 0.1 + 0.2 in floating point is not 0.3; in cents it is.
    expect(fromCents(sumCents([toCents('0.10')!, toCents('0.20')!]))).toBe('0.30');
  });

  it('converts at a rate exactly and rounds once, half to even', () => {
    // 1,000,000.00 UAH at 0.0243 USD/UAH = 24,300.00 USD.
    expect(fromCents(convert(toCents('1000000')!, parseRate('0.0243')!))).toBe('24300.00');
    // 0.25 at 0.5 = 0.125 → 0.12 (the 2 is even); 0.35 at 0.5 = 0.175 → 0.18.
    expect(fromCents(convert(toCents('0.25')!, parseRate('0.5')!))).toBe('0.12');
    expect(fromCents(convert(toCents('0.35')!, parseRate('0.5')!))).toBe('0.18');
    expect(fromCents(convert(toCents('-0.25')!, parseRate('0.5')!))).toBe('-0.12');
    // A rate of 8 places: 123,456.78 × 1.23456789 = 152,415.7763907942 → 152,415.78.
    expect(fromCents(convert(toCents('123456.78')!, parseRate('1.23456789')!))).toBe('152415.78');
    for (const bad of ['0', '-1', '1.123456789', 'x', '']) expect(parseRate(bad), bad).toBeNull();
  });
});
