import type { TDispute, TRefund } from '@slotwise/contracts';
import { formatMoney } from '../../../lib/format';
import { DISPUTE_STATUS, REFUND_ORIGIN, REFUND_STATUS } from '../../../lib/payment-status';
import { formatInstantDateTime } from '../../../lib/time';
import { ToneLabel } from '../../../ui/PaymentStatusBadge';

/** A payment's refunds, oldest first: amount, status, who made it and why, when; why it failed. */
export function RefundsList({ refunds, timeZone }: { refunds: TRefund[]; timeZone: string }) {
  if (refunds.length === 0) return null;
  return (
    <div className="payment-history">
      <h4 className="payment-history__title">Refunds</h4>
      <ul className="payment-history__list" aria-label="Refunds">
        {refunds.map((refund) => (
          <li key={refund.id} className="payment-history__item">
            <div className="payment-history__head">
              <span className="payment-history__amount">{formatMoney(refund.amountMinor, refund.currency)}</span>
              <ToneLabel {...REFUND_STATUS[refund.status]} />
            </div>
            <p>{refund.reason}</p>
            <p className="booking-panel__muted">
              {REFUND_ORIGIN[refund.origin]}
              {refund.requestedBy && ` · ${refund.requestedBy.name}`} · {formatInstantDateTime(refund.createdAt, timeZone)}
            </p>
            {refund.status === 'FAILED' && (
              <p className="payment-history__problem">Stripe could not return it{refund.failureReason ? `: ${refund.failureReason}` : '.'}</p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A payment's disputes: what the bank says, the amount, the evidence deadline and the outcome. */
export function DisputesList({ disputes, timeZone }: { disputes: TDispute[]; timeZone: string }) {
  if (disputes.length === 0) return null;
  return (
    <div className="payment-history payment-history--disputes">
      <h4 className="payment-history__title">Disputes</h4>
      <ul className="payment-history__list" aria-label="Disputes">
        {disputes.map((dispute) => (
          <li key={dispute.id} className="payment-history__item">
            <div className="payment-history__head">
              <span className="payment-history__amount">{formatMoney(dispute.amountMinor, dispute.currency)}</span>
              <ToneLabel {...DISPUTE_STATUS[dispute.status]} />
            </div>
            <p>{dispute.reasonText}</p>
            <p className="booking-panel__muted">
              Opened {formatInstantDateTime(dispute.createdAt, timeZone)}
              {dispute.open && dispute.evidenceDueBy && (
                <>
                  {' '}
                  · <strong>evidence due by {formatInstantDateTime(dispute.evidenceDueBy, timeZone)}</strong> (in the Stripe dashboard)
                </>
              )}
              {dispute.closedAt && ` · closed ${formatInstantDateTime(dispute.closedAt, timeZone)}`}
            </p>
            {dispute.outcome && (
              <p className={dispute.outcome === 'LOST' ? 'payment-history__problem' : undefined}>
                {dispute.outcome === 'WON' ? 'Won: the money stays with you.' : 'Lost: the bank returned the money to the customer.'}
              </p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
