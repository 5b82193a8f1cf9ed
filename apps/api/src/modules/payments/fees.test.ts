import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applicationFeeMinor } from './fees';

const currencies = ['usd', 'eur', 'gbp', 'jpy', 'krw', 'kwd', 'bhd'];
// Amounts Stripe accepts in each currency: three-decimal ones end in 0.
const charge = fc
  .tuple(fc.constantFrom(...currencies), fc.integer({ min: 1, max: 99_999_999 }))
  .map(([currency, n]) => ({ currency, amount: currency === 'kwd' || currency === 'bhd' ? n - (n % 10) || 10 : n }));
const bps = fc.integer({ min: 0, max: 10_000 });

describe('application fee', () => {
  it('is the exact share rounded half up to the currency step, never negative, never above the amount', () => {
    fc.assert(
      fc.property(charge, bps, ({ currency, amount }, b) => {
        const fee = applicationFeeMinor(amount, b, currency);
        const step = currency === 'kwd' || currency === 'bhd' ? 10 : 1;
        expect(Number.isInteger(fee)).toBe(true);
        expect(fee).toBeGreaterThanOrEqual(0);
        expect(fee).toBeLessThanOrEqual(amount);
        expect(fee % step).toBe(0);
        // Within half a step of the exact share (compared in integers: |fee·10⁴ − a·b| ≤ step·10⁴/2).
        const diff = BigInt(fee) * 10_000n - BigInt(amount) * BigInt(b);
        expect(diff <= BigInt(step * 5_000) && -diff < BigInt(step * 5_000)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('is monotonic in the rate and takes nothing at 0 bps and everything at 10 000 bps', () => {
    fc.assert(
      fc.property(charge, bps, bps, ({ currency, amount }, x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(applicationFeeMinor(amount, lo, currency)).toBeLessThanOrEqual(applicationFeeMinor(amount, hi, currency));
        expect(applicationFeeMinor(amount, 0, currency)).toBe(0);
        expect(applicationFeeMinor(amount, 10_000, currency)).toBe(amount);
      }),
    );
  });

  it('rounds half up in minor units, whole units for zero-decimal currencies', () => {
    expect(applicationFeeMinor(1050, 500, 'usd')).toBe(53); // 52.5 → 53
    expect(applicationFeeMinor(1049, 500, 'usd')).toBe(52); // 52.45 → 52
    expect(applicationFeeMinor(1010, 500, 'jpy')).toBe(51); // ¥50.5 → ¥51
    expect(applicationFeeMinor(5000, 250, 'krw')).toBe(125);
    expect(applicationFeeMinor(1250, 500, 'kwd')).toBe(60); // 62.5 fils → 60 (tens)
    expect(applicationFeeMinor(1, 5_000, 'usd')).toBe(1); // half a cent rounds up, still ≤ the amount
    expect(() => applicationFeeMinor(100, 10_001, 'usd')).toThrow(RangeError);
    expect(() => applicationFeeMinor(1.5, 100, 'usd')).toThrow(RangeError);
  });
});
