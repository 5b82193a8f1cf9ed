import type { TBookingPayment } from '@slotwise/contracts';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { apiErrorOf, describeApiError } from '../lib/api';
import { formatMoney } from '../lib/format';
import { minorToMajorInput, parseMajorToMinor } from '../lib/money-input';
import { useRefundPayment } from '../lib/payments';
import { Alert } from './Alert';
import { Button } from './Button';
import { CheckboxField, TextAreaField, TextField } from './Field';
import { FormDialog } from './FormDialog';
import './RefundDialog.css';

export type RefundTarget = {
  bookingId: string;
  /** The booking's version, for cancelling it in the same step. */
  version: number;
  /** Whether the booking can still be cancelled (it holds its time). */
  cancellable: boolean;
  payment: Pick<TBookingPayment, 'amountMinor' | 'currency' | 'refundedMinor' | 'refundPendingMinor' | 'refundableMinor'>;
};

type RefundDialogProps = { open: boolean; onClose: () => void; target: RefundTarget };

/**
 * "Refund" for owners and admins, from the booking panel and the Payments page: an amount
 * (everything refundable to begin with), a reason, and optionally cancelling the booking too.
 */
export function RefundDialog({ open, onClose, target }: RefundDialogProps) {
  return (
    <FormDialog open={open} title="Refund payment" onClose={onClose}>
      {/* Mounted afresh for each opening, so each opening has its own Idempotency-Key. */}
      <RefundForm target={target} onClose={onClose} />
    </FormDialog>
  );
}

type Errors = { amount?: string; reason?: string };

function RefundForm({ target, onClose }: { target: RefundTarget; onClose: () => void }) {
  const { payment } = target;
  const currency = payment.currency;
  // One key per opening: a double click, or a retry after a lost answer, makes one refund.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  // What the API said is left when it refused a larger amount (someone refunded part meanwhile).
  const [refundableNow, setRefundableNow] = useState<number>();
  const max = refundableNow ?? payment.refundableMinor;
  const [amount, setAmount] = useState(() => minorToMajorInput(payment.refundableMinor, currency));
  const [reason, setReason] = useState('');
  const [cancelToo, setCancelToo] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const refund = useRefundPayment({
    onSuccess: (made) => {
      toast.success(`Refund of ${formatMoney(made.amountMinor, made.currency)} on its way to the customer`);
      onClose();
    },
  });

  const amountMinor = parseMajorToMinor(amount, currency);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (refund.isPending) return;
    const invalid: Errors = {};
    if (amountMinor === undefined) invalid.amount = `Enter an amount like ${minorToMajorInput(max, currency)}`;
    else if (amountMinor < 1) invalid.amount = 'Enter an amount above zero';
    else if (amountMinor > max) invalid.amount = `At most ${formatMoney(max, currency)} can be refunded`;
    if (reason.trim() === '') invalid.reason = 'Say why you are refunding';
    setErrors(invalid);
    setFormError(null);
    if (Object.keys(invalid).length > 0 || amountMinor === undefined) {
      event.currentTarget.querySelector<HTMLElement>(invalid.amount ? '[name="amount"]' : '[name="reason"]')?.focus();
      return;
    }
    refund.mutate(
      { bookingId: target.bookingId, amountMinor, reason: reason.trim(), idempotencyKey, ...(cancelToo ? { cancel: { version: target.version } } : {}) },
      {
        onError: (error) => {
          const apiError = apiErrorOf(error);
          const left = (apiError?.details as { refundableMinor?: unknown } | undefined)?.refundableMinor;
          if (apiError?.code === 'REFUND_EXCEEDS_PAYMENT' && typeof left === 'number') {
            setRefundableNow(left);
            if (left === 0) setFormError('Nothing is left to refund: the rest was refunded in the meantime.');
            else {
              setErrors({ amount: `Only ${formatMoney(left, currency)} can still be refunded: part of it was refunded in the meantime.` });
              setAmount(minorToMajorInput(left, currency));
            }
            return;
          }
          setFormError(describeApiError(error));
        },
      },
    );
  }

  const already = payment.refundedMinor + payment.refundPendingMinor;
  return (
    <form className="form refund-form" noValidate onSubmit={submit} aria-label="Refund payment">
      {formError && <Alert>{formError}</Alert>}
      <p className="refund-form__summary">
        Paid {formatMoney(payment.amountMinor, currency)}
        {already > 0 && <> · {formatMoney(already, currency)} already refunded or on its way</>}
      </p>
      <TextField
        label={`Amount to refund (${currency})`}
        name="amount"
        inputMode="decimal"
        autoComplete="off"
        value={amount}
        onChange={(event) => {
          setAmount(event.target.value);
          setErrors((current) => ({ ...current, amount: undefined }));
        }}
        error={errors.amount}
        hint={`Up to ${formatMoney(max, currency)}. Stripe returns our fee on it in proportion.`}
      />
      <TextAreaField
        label="Reason"
        name="reason"
        rows={3}
        maxLength={500}
        value={reason}
        onChange={(event) => {
          setReason(event.target.value);
          setErrors((current) => ({ ...current, reason: undefined }));
        }}
        error={errors.reason}
        hint="Kept with the payment and in the booking's history."
      />
      {target.cancellable && (
        <CheckboxField
          label="Also cancel the booking"
          name="cancelBooking"
          checked={cancelToo}
          onChange={(event) => setCancelToo(event.target.checked)}
          hint="The time becomes free again and the customer is told."
        />
      )}
      <div className="dialog__actions">
        <Button onClick={onClose} disabled={refund.isPending}>
          Keep payment
        </Button>
        <Button type="submit" variant="danger" busy={refund.isPending}>
          {amountMinor !== undefined && amountMinor > 0 && amountMinor <= max ? `Refund ${formatMoney(amountMinor, currency)}` : 'Refund'}
        </Button>
      </div>
    </form>
  );
}
