import type { TTenant } from '@slotwise/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { SelectField, TextField } from '../../../ui/Field';
import { useTenantSection } from './useTenantSection';
import { formText } from '../../../lib/forms';
import { timeZoneChoices, timeZoneLabel } from '../../../lib/time';

const FIELDS = ['name', 'timeZone', 'currency'] as const;

/** The business's name, the zone its dates are read in and the currency of new services. */
export function BusinessCard({ tenant, canEdit }: { tenant: TTenant; canEdit: boolean }) {
  const formRef = useRef<HTMLFormElement>(null);
  const section = useTenantSection(FIELDS, formRef, 'Business details saved.');
  const [timeZones] = useState(() => timeZoneChoices([tenant.timeZone]));

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    section.save({
      name: formText(values, 'name'),
      timeZone: formText(values, 'timeZone'),
      currency: formText(values, 'currency').trim().toUpperCase(),
    });
  }

  return (
    <Card title="Business">
      <form ref={formRef} className="form" noValidate onSubmit={handleSubmit} onChange={section.clearErrorOnChange}>
        <fieldset className="form__section" disabled={!canEdit}>
          <legend className="visually-hidden">Business details</legend>
          {section.formError && <Alert>{section.formError}</Alert>}
          <TextField label="Business name" name="name" defaultValue={tenant.name} required error={section.errors.name} />
          <div className="form-row">
            <SelectField
              label="Time zone"
              name="timeZone"
              defaultValue={tenant.timeZone}
              error={section.errors.timeZone}
              hint="Booking lists, closures and emails use this zone."
            >
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {timeZoneLabel(zone)}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Currency"
              name="currency"
              defaultValue={tenant.currency}
              maxLength={3}
              autoComplete="off"
              error={section.errors.currency}
              hint="For new services, e.g. EUR. Existing services keep theirs."
            />
          </div>
          {canEdit && (
            <div>
              <Button type="submit" variant="primary" busy={section.saving}>
                Save business details
              </Button>
            </div>
          )}
        </fieldset>
      </form>
    </Card>
  );
}
