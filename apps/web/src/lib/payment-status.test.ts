import { describe, expect, it } from 'vitest';
import { describeCard, paymentMarker } from './payment-status';

describe('paymentMarker', () => {
  it('is paid, unpaid or refunded for a booking with a card payment, nothing without one', () => {
    expect(paymentMarker({ payment: null })).toBeNull();
    expect(paymentMarker({})).toBeNull();
    const at = (status: 'PENDING' | 'SUCCEEDED' | 'EXPIRED' | 'REFUND_PENDING' | 'REFUNDED') => paymentMarker({ payment: { status } as never });
    expect([at('SUCCEEDED'), at('PENDING'), at('EXPIRED'), at('REFUND_PENDING'), at('REFUNDED')]).toEqual(['paid', 'unpaid', 'unpaid', 'refunded', 'refunded']);
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
