import { describe, expect, it } from 'vitest';
import type { TPaymentStatus } from '@slotwise/contracts';
import { disputeOf, paymentOf } from '../test/payments';
import { describeCard, isRefundable, openDispute, paymentMarker } from './payment-status';

describe('paymentMarker', () => {
  it('is paid, unpaid or refunded for a booking with a card payment, nothing without one', () => {
    expect(paymentMarker({ payment: null })).toBeNull();
    expect(paymentMarker({})).toBeNull();
    const at = (status: TPaymentStatus) => paymentMarker({ payment: paymentOf({ status }) });
    expect([at('SUCCEEDED'), at('PARTIALLY_REFUNDED'), at('PENDING'), at('EXPIRED'), at('REFUND_PENDING'), at('REFUNDED')]).toEqual([
      'paid',
      'paid',
      'unpaid',
      'unpaid',
      'refunded',
      'refunded',
    ]);
  });
});

describe('openDispute and isRefundable', () => {
  it('finds the open dispute among closed ones', () => {
    const open = disputeOf({ id: 'open' });
    expect(openDispute(paymentOf({ disputes: [disputeOf({ open: false, status: 'won', outcome: 'WON' }), open] }))).toBe(open);
    expect(openDispute(paymentOf({ disputes: [disputeOf({ open: false, status: 'lost', outcome: 'LOST' })] }))).toBeUndefined();
    expect(openDispute(null)).toBeUndefined();
  });

  it('a payment can be refunded while something paid is left to give back', () => {
    expect(isRefundable(paymentOf())).toBe(true);
    expect(isRefundable(paymentOf({ status: 'PARTIALLY_REFUNDED', refundableMinor: 3000 }))).toBe(true);
    expect(isRefundable(paymentOf({ status: 'REFUND_PENDING', refundableMinor: 0 }))).toBe(false);
    expect(isRefundable(paymentOf({ status: 'PENDING' }))).toBe(false);
    expect(isRefundable(paymentOf({ status: 'REFUNDED', refundableMinor: 0 }))).toBe(false);
    // A dispute holds the money while open, and for good when lost; a won one gives it back.
    expect(isRefundable(paymentOf({ disputes: [disputeOf()] }))).toBe(false);
    expect(isRefundable(paymentOf({ disputes: [disputeOf({ open: false, status: 'lost', outcome: 'LOST' })] }))).toBe(false);
    expect(isRefundable(paymentOf({ disputes: [disputeOf({ open: false, status: 'won', outcome: 'WON' })] }))).toBe(true);
  });
});

describe('describeCard', () => {
  it('names the brand and the last four, and says nothing it does not know', () => {
    expect(describeCard('visa', '4242')).toBe('Visa ending 4242');
    expect(describeCard('amex', '0005')).toBe('American Express ending 0005');
    expect(describeCard('cartes_bancaires', null)).toBe('Cartes bancaires');
    expect(describeCard(null, '4242')).toBe('Card ending 4242');
    expect(describeCard(null, null)).toBeNull();
  });
});
