import type { TBookingPayment, TDispute, TRefund } from '@slotwise/contracts';

/**
 * A booking's card payment as the API describes it: €45 paid in full with a Visa, nothing
 * refunded; `overrides` change what a test is about.
 */
export function paymentOf(overrides: Partial<TBookingPayment> = {}): TBookingPayment {
  return {
    id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    status: 'SUCCEEDED',
    kind: 'FULL',
    method: 'CHECKOUT',
    amountMinor: 4500,
    applicationFeeMinor: 113,
    currency: 'EUR',
    priceMinor: 4500,
    refundedMinor: 0,
    refundPendingMinor: 0,
    refundableMinor: 4500,
    balanceDueMinor: 0,
    balance: null,
    refunds: [],
    disputes: [],
    checkoutSessionId: 'cs_test_1',
    paymentIntentId: 'pi_1',
    cardBrand: 'visa',
    cardLast4: '4242',
    failedAttempts: 0,
    lastFailureMessage: null,
    paidAt: '2026-06-01T08:05:00.000Z',
    refundedAt: null,
    refundReason: null,
    createdAt: '2026-06-01T08:00:00.000Z',
    ...overrides,
  };
}

/** A refund of a payment of `paymentOf()`. */
export function refundOf(overrides: Partial<TRefund> = {}): TRefund {
  return {
    id: '6e5d4c3b-2a19-4f8e-9d7c-6b5a49382716',
    paymentId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    bookingId: '0f8e6a52-6f0e-4b7e-9a63-3d2d6c1f5a10',
    status: 'SUCCEEDED',
    origin: 'STAFF',
    amountMinor: 1500,
    applicationFeeRefundMinor: 37,
    currency: 'EUR',
    reason: 'Started late',
    stripeRefundId: 're_1',
    failureReason: null,
    requestedBy: { id: '9d3c2b1a-0f1e-4d2c-8b7a-6e5f4d3c2b1a', name: 'Ana Sousa' },
    createdAt: '2026-06-02T10:00:00.000Z',
    settledAt: '2026-06-02T10:00:05.000Z',
    ...overrides,
  };
}

/** A dispute the customer's bank opened about a payment of `paymentOf()`. */
export function disputeOf(overrides: Partial<TDispute> = {}): TDispute {
  return {
    id: '2b3c4d5e-6f70-4a8b-9c0d-1e2f3a4b5c6d',
    paymentId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    bookingId: '0f8e6a52-6f0e-4b7e-9a63-3d2d6c1f5a10',
    stripeDisputeId: 'dp_1',
    status: 'needs_response',
    reason: 'fraudulent',
    reasonText: 'The cardholder says they did not make this payment',
    amountMinor: 4500,
    currency: 'EUR',
    fundsWithdrawnMinor: 4500,
    evidenceDueBy: '2026-06-20T23:59:59.000Z',
    open: true,
    outcome: null,
    createdAt: '2026-06-05T12:00:00.000Z',
    closedAt: null,
    ...overrides,
  };
}
