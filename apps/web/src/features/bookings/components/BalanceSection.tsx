import { BALANCE_METHODS, type TBookingPayment } from '@slotwise/contracts';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { describeApiError } from '../../../lib/api';
import { formatMoney } from '../../../lib/format';
import { useRecordBalance } from '../../../lib/payments';
import { formatInstantDateTime } from '../../../lib/time';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { SelectField } from '../../../ui/Field';
import { FormDialog } from '../../../ui/FormDialog';

type BalanceMethod = (typeof BALANCE_METHODS)[number];

const METHOD_LABEL: Record<BalanceMethod, string> = { CASH: 'Cash', CARD_TERMINAL: 'Card terminal', OTHER: 'Other' };

/**
 * A deposit booking: "Deposit paid €20 · balance due €60" and "Record balance paid" once the
 * customer paid the rest at the venue, or how and when it was paid.
 */
export function BalanceLine({ bookingId, payment, timeZone }: { bookingId: string; payment: TBookingPayment; timeZone: string }) {
  const [recording, setRecording] = useState(false);
  const money = (minor: number) => formatMoney(minor, payment.currency);
  return (
    <div className="balance-line">
      <p>
        <strong>Deposit paid {money(payment.amountMinor)}</strong>
        {payment.balance ? (
          <>
            {' '}
            · balance of {money(payment.balance.amountMinor)} paid at the venue ({METHOD_LABEL[payment.balance.method].toLowerCase()}),{' '}
            {formatInstantDateTime(payment.balance.recordedAt, timeZone)}
            {payment.balance.recordedBy && ` by ${payment.balance.recordedBy}`}
          </>
        ) : (
          payment.balanceDueMinor > 0 && <> · balance due {money(payment.balanceDueMinor)}</>
        )}
      </p>
      {!payment.balance && payment.balanceDueMinor > 0 && (
        <>
          <Button className="btn--small" onClick={() => setRecording(true)}>
            Record balance paid
          </Button>
          <FormDialog open={recording} title="Record the balance paid" onClose={() => setRecording(false)}>
            <RecordBalanceForm bookingId={bookingId} dueLabel={money(payment.balanceDueMinor)} onClose={() => setRecording(false)} />
          </FormDialog>
        </>
      )}
    </div>
  );
}

function RecordBalanceForm({ bookingId, dueLabel, onClose }: { bookingId: string; dueLabel: string; onClose: () => void }) {
  const [method, setMethod] = useState<BalanceMethod>('CASH');
  const record = useRecordBalance({
    onSuccess: () => {
      toast.success(`Balance of ${dueLabel} recorded as paid`);
      onClose();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!record.isPending) record.mutate({ bookingId, method });
  }

  return (
    <form className="form" noValidate onSubmit={submit} aria-label="Record the balance paid">
      {record.isError && <Alert>{describeApiError(record.error)}</Alert>}
      <p>The customer paid the rest of the price, {dueLabel}, at the venue.</p>
      <SelectField label="Paid by" name="method" value={method} onChange={(event) => setMethod(event.target.value as BalanceMethod)}>
        {BALANCE_METHODS.map((m) => (
          <option key={m} value={m}>
            {METHOD_LABEL[m]}
          </option>
        ))}
      </SelectField>
      <div className="dialog__actions">
        <Button onClick={onClose} disabled={record.isPending}>
          Not yet
        </Button>
        <Button type="submit" variant="primary" busy={record.isPending}>
          Record {dueLabel} paid
        </Button>
      </div>
    </form>
  );
}
