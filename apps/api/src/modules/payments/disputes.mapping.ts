import { DISPUTE_STATUSES, type TDispute } from '@slotwise/contracts';

/**
 * A Dispute row as the API shows it (contracts ZDispute). The fields are listed here as a plain
 * object so any repo that reads disputes (ours, or the payment's `disputes` relation) selects the
 * same ones: `select: disputeFields`.
 */
export const disputeFields = {
  id: true,
  paymentId: true,
  bookingId: true,
  stripeDisputeId: true,
  status: true,
  reason: true,
  amountMinor: true,
  currency: true,
  fundsWithdrawnMinor: true,
  evidenceDueBy: true,
  closedAt: true,
  createdAt: true,
} as const;

export type DisputeFieldsRow = {
  id: string;
  paymentId: string;
  bookingId: string;
  stripeDisputeId: string;
  status: string;
  reason: string;
  amountMinor: number;
  currency: string;
  fundsWithdrawnMinor: number;
  evidenceDueBy: Date | null;
  closedAt: Date | null;
  createdAt: Date;
};

type DisputeStatus = TDispute['status'];

/** Stripe's dispute reason codes in the words a business owner reads in the email and the dashboard. */
const REASONS: Record<string, string> = {
  bank_cannot_process: 'The bank could not process the payment',
  check_returned: 'The payment was returned',
  credit_not_processed: 'The customer says a refund or credit they were promised was not processed',
  customer_initiated: 'The customer asked their bank to reverse the payment',
  debit_not_authorized: 'The customer says they did not authorise the debit',
  duplicate: 'The customer says they were charged twice',
  fraudulent: 'The cardholder says they did not make this payment (fraud)',
  general: 'The customer disputes the payment (no specific reason given)',
  incorrect_account_details: 'The account details were incorrect',
  insufficient_funds: 'There were not enough funds',
  noncompliant: 'The bank says the payment broke card network rules',
  product_not_received: 'The customer says they did not receive the service they paid for',
  product_unacceptable: 'The customer says the service was not as described or was unacceptable',
  subscription_canceled: 'The customer says they were charged after cancelling',
  unrecognized: 'The customer does not recognise the payment',
};

/** A Stripe reason code in plain words (an unknown code is shown as Stripe spells it, in words). */
export function reasonText(reason: string): string {
  return REASONS[reason] ?? `The customer disputes the payment (${reason.replace(/_/g, ' ')})`;
}

/** Evidence is due from the business: what the dashboard badge counts. */
export const NEEDS_RESPONSE: readonly DisputeStatus[] = ['needs_response', 'warning_needs_response'];
/** Statuses after which Stripe changes nothing more. */
export const CLOSED_STATUSES: readonly DisputeStatus[] = ['won', 'lost', 'warning_closed'];

export const isDisputeStatus = (s: string): s is DisputeStatus => (DISPUTE_STATUSES as readonly string[]).includes(s);
export const isClosedStatus = (s: string) => (CLOSED_STATUSES as readonly string[]).includes(s);

/** WON / LOST once Stripe decided; an inquiry closed without becoming a dispute (`warning_closed`) has no outcome. */
export const outcomeOf = (status: string): TDispute['outcome'] => (status === 'won' ? 'WON' : status === 'lost' ? 'LOST' : null);

export function toDispute(row: DisputeFieldsRow): TDispute {
  return {
    id: row.id,
    paymentId: row.paymentId,
    bookingId: row.bookingId,
    stripeDisputeId: row.stripeDisputeId,
    // The database's check constraint allows only Stripe's statuses.
    status: isDisputeStatus(row.status) ? row.status : 'needs_response',
    reason: row.reason,
    reasonText: reasonText(row.reason),
    amountMinor: row.amountMinor,
    currency: row.currency,
    fundsWithdrawnMinor: row.fundsWithdrawnMinor,
    evidenceDueBy: row.evidenceDueBy?.toISOString() ?? null,
    open: !isClosedStatus(row.status),
    outcome: outcomeOf(row.status),
    createdAt: row.createdAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}
