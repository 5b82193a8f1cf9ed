import { ZNewCustomer, type TBooking, type TCustomer } from '@slotwise/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { apiErrorOf, describeApiError } from '../../../lib/api';
import { useFieldErrors, validateForm, formText } from '../../../lib/forms';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { SelectField, TextField } from '../../../ui/Field';
import { FormDialog } from '../../../ui/FormDialog';
import { useCreateBooking } from '../../../lib/bookings/hooks';
import { useServices } from '../../../lib/catalog';
import { useCustomerSearch } from '../api';
import type { CalendarResource } from './calendar-types';
import { formatInstantDate, fromWall, isoDateOfWall, timeInZone, timeOfWall, zoneCity } from '../../../lib/time';

export type NewBookingDraft = { start: Date; resourceId?: string };

type NewBookingDialogProps = {
  /** Where the booking starts (wall-clock in `displayZone`) and with whom; closed when undefined. */
  draft: NewBookingDraft | undefined;
  displayZone: string;
  resources: readonly CalendarResource[];
  onClose: () => void;
  onCreated: (booking: TBooking) => void;
};

/** A staff booking for a walk-in or a phone call; notice and horizon rules do not apply. */
export function NewBookingDialog({ draft, displayZone, resources, onClose, onCreated }: NewBookingDialogProps) {
  return (
    <FormDialog open={Boolean(draft)} title="New booking" onClose={onClose}>
      {draft && <NewBookingForm draft={draft} displayZone={displayZone} resources={resources} onClose={onClose} onCreated={onCreated} />}
    </FormDialog>
  );
}

type Field = 'serviceId' | 'resourceId' | 'date' | 'time' | 'customerId' | 'name' | 'email' | 'phone' | 'notes';

function NewBookingForm({ draft, displayZone, resources, onClose, onCreated }: NewBookingDialogProps & { draft: NewBookingDraft }) {
  const services = useServices();
  const create = useCreateBooking();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, showErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [serviceId, setServiceId] = useState('');
  const [resourceId, setResourceId] = useState(draft.resourceId ?? '');
  const [date, setDate] = useState(() => isoDateOfWall(draft.start));
  const [time, setTime] = useState(() => timeOfWall(draft.start));
  const [customerMode, setCustomerMode] = useState<'existing' | 'new'>('existing');
  const [customer, setCustomer] = useState<TCustomer>();
  const [formError, setFormError] = useState<string>();

  const activeServices = (services.data?.body.items ?? []).filter((service) => service.active);
  const service = activeServices.find((item) => item.id === serviceId);
  const offering = service ? resources.filter((resource) => service.resourceIds.includes(resource.id)) : resources;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(undefined);
    const data = new FormData(event.currentTarget);
    const text = (name: string) => formText(data, name).trim();
    const found: Partial<Record<Field, string>> = {};
    if (!serviceId) found.serviceId = 'Choose a service';
    if (!resourceId) found.resourceId = 'Choose who it is with';
    const start = wallOf(date, time);
    if (!start) found.time = 'Choose a date and a time';
    let newCustomer: { name: string; email: string; phone?: string } | undefined;
    if (customerMode === 'existing' && !customer) found.customerId = 'Find a customer, or add a new one';
    if (customerMode === 'new') {
      const checked = validateForm(ZNewCustomer, { name: text('name'), email: text('email'), ...(text('phone') ? { phone: text('phone') } : {}) });
      if (checked.errors) Object.assign(found, checked.errors);
      else newCustomer = checked.data;
    }
    if (Object.keys(found).length > 0 || !start) return showErrors(found);

    const notes = text('notes');
    create.mutate(
      {
        headers: { 'idempotency-key': idempotencyKey },
        body: {
          serviceId,
          resourceId,
          startsAt: fromWall(start, displayZone),
          ...(customerMode === 'existing' && customer ? { customerId: customer.id } : { customer: newCustomer }),
          ...(notes ? { notes } : {}),
          overrideNoticeAndHorizon: true,
        },
      },
      {
        onSuccess: ({ body }) => {
          toast.success(`Booked ${body.customer.name} on ${formatInstantDate(body.startsAt, displayZone)} at ${timeInZone(body.startsAt, displayZone)}`);
          onCreated(body);
        },
        onError: (error) => {
          const apiError = apiErrorOf(error);
          setFormError(apiError?.code === 'SLOT_UNAVAILABLE' ? 'Time slot already booked' : describeApiError(error));
        },
      },
    );
  };

  return (
    <form ref={formRef} className="form new-booking" onSubmit={submit} onChange={clearErrorOnChange} noValidate>
      {formError && <Alert title="The booking was not made">{formError}</Alert>}
      <div className="new-booking__row">
        <SelectField
          label="Service"
          name="serviceId"
          value={serviceId}
          error={errors.serviceId}
          disabled={services.isPending}
          hint={services.isError ? 'Services could not be loaded.' : undefined}
          onChange={(event) => {
            const next = activeServices.find((item) => item.id === event.target.value);
            setServiceId(event.target.value);
            if (next && resourceId && !next.resourceIds.includes(resourceId)) setResourceId('');
          }}
        >
          <option value="">{services.isPending ? 'Loading…' : 'Choose a service'}</option>
          {activeServices.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name} ({item.durationMin} min)
            </option>
          ))}
        </SelectField>
        <SelectField label="With" name="resourceId" value={resourceId} error={errors.resourceId} onChange={(event) => setResourceId(event.target.value)}>
          <option value="">Choose…</option>
          {offering.map((resource) => (
            <option key={resource.id} value={resource.id}>
              {resource.name}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="new-booking__row">
        <TextField label="Date" type="date" name="date" value={date} error={errors.date} onChange={(event) => setDate(event.target.value)} />
        <TextField
          label="Start time"
          type="time"
          name="time"
          step={300}
          value={time}
          error={errors.time}
          hint={`${zoneCity(displayZone)} time`}
          onChange={(event) => setTime(event.target.value)}
        />
      </div>

      <fieldset className="form__section">
        <legend className="form__legend">Customer</legend>
        <div className="segmented" role="group" aria-label="Customer">
          <button type="button" className="segmented__option" aria-pressed={customerMode === 'existing'} onClick={() => setCustomerMode('existing')}>
            Existing customer
          </button>
          <button type="button" className="segmented__option" aria-pressed={customerMode === 'new'} onClick={() => setCustomerMode('new')}>
            New customer
          </button>
        </div>
        {customerMode === 'existing' ? (
          <CustomerPicker selected={customer} onSelect={setCustomer} error={errors.customerId} />
        ) : (
          <>
            <TextField label="Name" name="name" autoComplete="off" error={errors.name} />
            <div className="new-booking__row">
              <TextField label="Email" name="email" type="email" autoComplete="off" error={errors.email} />
              <TextField label="Phone (optional)" name="phone" type="tel" autoComplete="off" error={errors.phone} />
            </div>
          </>
        )}
      </fieldset>

      <div className="field">
        <label className="field__label" htmlFor="new-booking-notes">
          Notes (optional)
        </label>
        <textarea id="new-booking-notes" className="field__control booking-form__textarea" name="notes" rows={2} maxLength={2000} />
      </div>

      <div className="dialog__actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Book
        </Button>
      </div>
    </form>
  );
}

/** Search existing customers by name, email or phone and pick one. */
function CustomerPicker({
  selected,
  onSelect,
  error,
}: {
  selected: TCustomer | undefined;
  onSelect: (customer: TCustomer | undefined) => void;
  error?: string;
}) {
  const [q, setQ] = useState('');
  const search = useCustomerSearch(q);
  const resultsId = useId();

  if (selected) {
    return (
      <div className="customer-picked">
        <div>
          <p className="customer-picked__name">{selected.name}</p>
          <p className="customer-picked__meta">
            {selected.email}
            {selected.phone ? ` · ${selected.phone}` : ''}
          </p>
        </div>
        <Button variant="ghost" onClick={() => onSelect(undefined)}>
          Change
        </Button>
      </div>
    );
  }

  const results = search.data ?? [];
  return (
    <div className="customer-picker">
      <TextField
        label="Find a customer"
        name="customerSearch"
        type="search"
        autoComplete="off"
        placeholder="Name, email or phone"
        value={q}
        error={error}
        aria-controls={resultsId}
        onChange={(event) => setQ(event.target.value)}
      />
      <div id={resultsId} aria-live="polite">
        {q.trim().length < 2 ? null : search.isError ? (
          <p className="booking-panel__muted">{describeApiError(search.error)}</p>
        ) : search.isPending ? (
          <p className="booking-panel__muted">Searching…</p>
        ) : results.length === 0 ? (
          <p className="booking-panel__muted">No customer matches “{q.trim()}”. Add them as a new customer.</p>
        ) : (
          <ul className="customer-picker__results" aria-label="Matching customers">
            {results.map((item) => (
              <li key={item.id}>
                <button type="button" className="customer-picker__result" onClick={() => onSelect(item)}>
                  <span className="customer-picked__name">{item.name}</span>
                  <span className="customer-picked__meta">{item.email}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** "2026-06-09" + "10:30" as a wall-clock date; undefined if either is incomplete. */
function wallOf(date: string, time: string): Date | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return undefined;
  return new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
}
