import { describe, expect, it } from 'vitest';
import { describeCancellationPolicy, formatPolicyHours, percentOfMinor, policyRefundMinor, policyRefundPercent } from './cancellation-policy';

describe('describeCancellationPolicy', () => {
  it('says the free window, the late refund and that no-shows keep the payment', () => {
    expect(describeCancellationPolicy({ freeCancellationHours: 24, lateRefundPercent: 50 })).toBe(
      'Free cancellation up to 24 hours before; after that 50 % is refunded; no-shows are not refunded.',
    );
    expect(describeCancellationPolicy({ freeCancellationHours: 48, lateRefundPercent: 0 })).toBe(
      'Free cancellation up to 48 hours before; after that nothing is refunded; no-shows are not refunded.',
    );
    expect(describeCancellationPolicy({ freeCancellationHours: 168, lateRefundPercent: 25 })).toMatch(/^Free cancellation up to 7 days before;/);
  });

  it('a policy that refunds everything before the start says so once', () => {
    expect(describeCancellationPolicy({ freeCancellationHours: 24, lateRefundPercent: 100 })).toBe(
      'Free cancellation until the appointment starts; no-shows are not refunded.',
    );
    expect(describeCancellationPolicy({ freeCancellationHours: 0, lateRefundPercent: 0 })).toBe(
      'Free cancellation until the appointment starts; no-shows are not refunded.',
    );
  });

  it('counts hours, and whole days from three days on', () => {
    expect([1, 2, 24, 48, 72, 100].map(formatPolicyHours)).toEqual(['1 hour', '2 hours', '24 hours', '48 hours', '3 days', '100 hours']);
  });
});

describe('the refund the policy gives', () => {
  const policy = { freeCancellationHours: 24, lateRefundPercent: 50 };
  const startsAt = '2026-06-10T09:00:00.000Z';

  it('is everything up to the free window’s end (inclusive), the late percentage after', () => {
    expect(policyRefundPercent(policy, startsAt, new Date('2026-06-09T09:00:00.000Z'))).toBe(100);
    expect(policyRefundPercent(policy, startsAt, new Date('2026-06-09T09:00:00.001Z'))).toBe(50);
  });

  it('rounds half up to the currency’s step', () => {
    expect(policyRefundMinor(4500, 50, 'EUR')).toBe(2250);
    expect(policyRefundMinor(1001, 50, 'EUR')).toBe(501);
    expect(policyRefundMinor(999, 33, 'EUR')).toBe(330);
    expect(policyRefundMinor(4500, 0, 'EUR')).toBe(0);
    expect(policyRefundMinor(4501, 100, 'JPY')).toBe(4501);
    // Three-decimal currencies move in steps of 10.
    expect(policyRefundMinor(12_345, 50, 'BHD')).toBe(6170);
    expect(percentOfMinor(8000, 25, 'EUR')).toBe(2000);
  });
});
