/**
 * What the payments module offers other modules besides its services: the pure rules of the money
 * (no database, no Stripe) — the cancellation policy's refund and a service's online charge.
 */
export { cancellationRefund, effectivePolicy, storedPolicy, type StoredPolicy } from './cancellation-policy';
export { chargeOnline, minimumChargeMinor, type PaymentTerms } from './deposit-amount';
// A booking's payment as staff see it: the bookings module reads it with its booking.
export { staffPaymentSelect, type StaffPaymentRow } from './payments.repo';
export { toRefund, toStaffPayment } from './payment-view';
