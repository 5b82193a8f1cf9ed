import { ZCustomerInput, type TCustomer } from '@slotwise/contracts';
import { useRef, useState, type FormEvent } from 'react';
import type { ApiFailure } from '../../../lib/api';
import { showApiFailure, useFieldErrors, validateForm, formText } from '../../../lib/forms';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { SelectField, TextAreaField, TextField } from '../../../ui/Field';
import { useCreateCustomer, useUpdateCustomer } from '../api';
import { timeZoneChoices, timeZoneLabel } from '../../../lib/time';

const FIELDS = ['name', 'email', 'phone', 'timeZone', 'notes'] as const;
type Field = (typeof FIELDS)[number];

type CustomerFormProps = {
  customer?: TCustomer;
  onSaved: (customer: TCustomer) => void;
  submitLabel?: string;
};

/** A customer's contact details and private notes. */
export function CustomerForm({ customer, onSaved, submitLabel }: CustomerFormProps) {
  const create = useCreateCustomer();
  const update = useUpdateCustomer();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, showErrors, clearErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [formError, setFormError] = useState<string | null>(null);
  const [timeZones] = useState(() => timeZoneChoices(customer?.timeZone ? [customer.timeZone] : []));
  const saving = create.isPending || update.isPending;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    const text = (name: Field) => formText(values, name);
    const optional = (name: Field) => text(name).trim() || null;
    const { data, errors: invalid } = validateForm(ZCustomerInput, {
      name: text('name'),
      email: text('email'),
      phone: optional('phone'),
      timeZone: optional('timeZone'),
      notes: optional('notes'),
    });
    setFormError(null);
    if (invalid) {
      showErrors(invalid);
      return;
    }
    clearErrors();
    const callbacks = {
      onSuccess: ({ body }: { body: TCustomer }) => onSaved(body),
      onError: (error: ApiFailure) => {
        showApiFailure(error, FIELDS, showErrors, setFormError);
      },
    };
    if (customer) update.mutate({ params: { id: customer.id }, body: data }, callbacks);
    else create.mutate({ body: data }, callbacks);
  }

  return (
    <form ref={formRef} className="form" noValidate onSubmit={handleSubmit} onChange={clearErrorOnChange}>
      {formError && <Alert>{formError}</Alert>}
      <TextField label="Name" name="name" autoComplete="off" required defaultValue={customer?.name} error={errors.name} />
      <TextField label="Email" name="email" type="email" autoComplete="off" required defaultValue={customer?.email} error={errors.email} />
      <TextField
        label="Phone"
        name="phone"
        type="tel"
        autoComplete="off"
        defaultValue={customer?.phone ?? ''}
        error={errors.phone}
        hint="Optional. Include the country code, e.g. +44 20 7946 0958."
      />
      <SelectField
        label="Time zone"
        name="timeZone"
        defaultValue={customer?.timeZone ?? ''}
        error={errors.timeZone}
        hint="Optional. Emails show times in this zone."
      >
        <option value="">Not set (the business's zone)</option>
        {timeZones.map((zone) => (
          <option key={zone} value={zone}>
            {timeZoneLabel(zone)}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label="Notes"
        name="notes"
        rows={4}
        maxLength={5000}
        defaultValue={customer?.notes ?? ''}
        error={errors.notes}
        hint="Only your team sees these."
      />
      <div>
        <Button type="submit" variant="primary" busy={saving}>
          {saving ? 'Saving…' : (submitLabel ?? (customer ? 'Save changes' : 'Add customer'))}
        </Button>
      </div>
    </form>
  );
}
