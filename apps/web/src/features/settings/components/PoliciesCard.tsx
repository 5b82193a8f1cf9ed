import type { TTenant } from '@slotwise/contracts';
import { useRef, type FormEvent } from 'react';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { TextField } from '../../../ui/Field';
import { useTenantSection } from './useTenantSection';

const FIELDS = ['cancellationCutoffHours', 'holdMinutes', 'auditRetentionDays'] as const;

const toNumber = (value: FormDataEntryValue | null) => (typeof value !== 'string' || value.trim() === '' ? undefined : Number(value));

/** Rules customers and the system follow: when cancelling stops, how long unpaid holds last, how long the audit log is kept. */
export function PoliciesCard({ tenant, canEdit }: { tenant: TTenant; canEdit: boolean }) {
  const formRef = useRef<HTMLFormElement>(null);
  const section = useTenantSection(FIELDS, formRef, 'Policies saved.');

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    section.save({
      cancellationCutoffHours: toNumber(values.get('cancellationCutoffHours')),
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
              hint="Customers can cancel online until this long before the start."
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
