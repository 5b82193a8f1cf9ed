import { ZCancellationPolicy, type TTenant } from '@slotwise/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { describeCancellationPolicy } from '../../../lib/cancellation-policy';
import { validateForm } from '../../../lib/forms';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { TextField } from '../../../ui/Field';
import { useTenantSection } from './useTenantSection';

const FIELDS = ['cancellationCutoffHours', 'cancellationPolicy', 'holdMinutes', 'auditRetentionDays'] as const;

const toNumber = (value: FormDataEntryValue | null) => (typeof value !== 'string' || value.trim() === '' ? undefined : Number(value));

type PolicyErrors = Partial<Record<'freeCancellationHours' | 'lateRefundPercent', string>>;

/**
 * Rules customers and the system follow: when cancelling online stops, what a cancelled paid
 * booking gives back (the cancellation policy, previewed in the words customers read), how long
 * unpaid holds last, how long the audit log is kept.
 */
export function PoliciesCard({ tenant, canEdit }: { tenant: TTenant; canEdit: boolean }) {
  const formRef = useRef<HTMLFormElement>(null);
  const section = useTenantSection(FIELDS, formRef, 'Policies saved.');
  const previewId = useId();
  const [freeHours, setFreeHours] = useState(String(tenant.cancellationPolicy.freeCancellationHours));
  const [latePercent, setLatePercent] = useState(String(tenant.cancellationPolicy.lateRefundPercent));
  const [policyErrors, setPolicyErrors] = useState<PolicyErrors>({});
  const policy = ZCancellationPolicy.safeParse({ freeCancellationHours: toNumber(freeHours), lateRefundPercent: toNumber(latePercent) });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    // The two numbers are checked on their own first, so each message stands beside its field.
    const checked = validateForm(ZCancellationPolicy, { freeCancellationHours: toNumber(freeHours) ?? NaN, lateRefundPercent: toNumber(latePercent) ?? NaN });
    setPolicyErrors(checked.errors ?? {});
    if (checked.errors) {
      formRef.current
        ?.querySelector<HTMLElement>(checked.errors.freeCancellationHours ? '[name="freeCancellationHours"]' : '[name="lateRefundPercent"]')
        ?.focus();
      return;
    }
    section.save({
      cancellationCutoffHours: toNumber(values.get('cancellationCutoffHours')),
      cancellationPolicy: checked.data,
      holdMinutes: toNumber(values.get('holdMinutes')),
      auditRetentionDays: toNumber(values.get('auditRetentionDays')),
    });
  }

  return (
    <Card title="Policies">
      <form ref={formRef} className="form" noValidate onSubmit={handleSubmit} onChange={section.clearErrorOnChange}>
        <fieldset className="form__section" disabled={!canEdit}>
          <legend className="visually-hidden">Booking policies</legend>
          {section.formError && <Alert>{section.formError}</Alert>}
          <div className="form-row">
            <TextField
              label="Cancellation cutoff (hours)"
              name="cancellationCutoffHours"
              type="number"
              inputMode="numeric"
              min={0}
              max={1440}
              defaultValue={tenant.cancellationCutoffHours}
              error={section.errors.cancellationCutoffHours}
              hint="Customers can cancel or reschedule online until this long before the start."
            />
            <TextField
              label="Payment hold (minutes)"
              name="holdMinutes"
              type="number"
              inputMode="numeric"
              min={30}
              max={1440}
              defaultValue={tenant.holdMinutes}
              error={section.errors.holdMinutes}
              hint="How long a slot waits for payment before it is released."
            />
            <TextField
              label="Keep the audit log (days)"
              name="auditRetentionDays"
              type="number"
              inputMode="numeric"
              min={7}
              max={3650}
              defaultValue={tenant.auditRetentionDays}
              error={section.errors.auditRetentionDays}
              hint="Older entries are deleted every night."
            />
          </div>
          <fieldset className="policy-refunds" aria-describedby={previewId}>
            <legend className="form__legend">Cancellation refunds (paid bookings)</legend>
            <div className="form-row">
              <TextField
                label="Free cancellation until (hours before)"
                name="freeCancellationHours"
                type="number"
                inputMode="numeric"
                min={0}
                max={1440}
                value={freeHours}
                onChange={(event) => {
                  setFreeHours(event.target.value);
                  setPolicyErrors((current) => ({ ...current, freeCancellationHours: undefined }));
                }}
                error={policyErrors.freeCancellationHours ?? section.errors.cancellationPolicy}
                hint="Cancelling earlier refunds everything paid."
              />
              <TextField
                label="After that, refund (%)"
                name="lateRefundPercent"
                type="number"
                inputMode="numeric"
                min={0}
                max={100}
                value={latePercent}
                onChange={(event) => {
                  setLatePercent(event.target.value);
                  setPolicyErrors((current) => ({ ...current, lateRefundPercent: undefined }));
                }}
                error={policyErrors.lateRefundPercent}
                hint="0: nothing is refunded for a late cancellation."
              />
            </div>
            <p className="policy-refunds__preview" id={previewId} aria-live="polite">
              {policy.success ? describeCancellationPolicy(policy.data) : 'Enter whole hours (0–1440) and a percentage (0–100).'}
              <span className="policy-refunds__note"> Shown to customers before they pay; a service can have its own.</span>
            </p>
          </fieldset>
          {canEdit && (
            <div>
              <Button type="submit" variant="primary" busy={section.saving}>
                Save policies
              </Button>
            </div>
          )}
        </fieldset>
      </form>
    </Card>
  );
}
