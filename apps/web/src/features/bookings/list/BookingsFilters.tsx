import { BOOKING_STATUSES, type TResource, type TService } from '@slotwise/contracts';
import { useEffect, useEffectEvent, useState } from 'react';
import { useDebouncedValue } from '../../../lib/useDebouncedValue';
import { Button } from '../../../ui/Button';
import { SelectField, TextField } from '../../../ui/Field';
import { BOOKING_STATUS } from '../../../lib/booking-status';
import { PAYMENT_STATUS, PAYMENT_STATUS_ORDER } from '../../../lib/payment-status';
import { DATE_RANGES, DEFAULT_FILTERS, isFiltered, type DateRange, type ListFilters } from './filters';

type BookingsFiltersProps = {
  filters: ListFilters;
  /** `immediate`: straight from a control the user just changed (see BookingsListPage). */
  onChange: (filters: ListFilters, opts?: { immediate?: boolean }) => void;
  resources: TResource[];
  services: TService[];
};

/** The filter bar of the bookings list; every change applies at once (the search after a pause). */
export function BookingsFilters({ filters, onChange, resources, services }: BookingsFiltersProps) {
  const [typed, setTyped] = useState(filters.q);
  const q = useDebouncedValue(typed, 300);

  // Only a settled search applies: the effect runs when it settles, with the current filters
  // (an effect event, so other filter changes don't re-run it).
  const applySearch = useEffectEvent((settled: string) => {
    if (settled.trim() !== filters.q.trim()) onChange({ ...filters, q: settled });
  });
  useEffect(() => {
    applySearch(q);
  }, [q]);

  // A search cleared or replaced from outside the bar (the empty state's "Clear filters", the
  // address) shows in the field too: adjusted while rendering, when filters.q changes.
  const [shownQ, setShownQ] = useState(filters.q);
  if (shownQ !== filters.q) {
    setShownQ(filters.q);
    if (filters.q.trim() !== q.trim()) setTyped(filters.q);
  }

  const set = <K extends keyof ListFilters>(key: K, value: ListFilters[K]) => onChange({ ...filters, [key]: value }, { immediate: true });

  return (
    <form className="bookings-filters" aria-label="Filter bookings" role="search" onSubmit={(event) => event.preventDefault()}>
      <div className="bookings-filters__row">
        <TextField
          label="Customer"
          type="search"
          placeholder="Name or email"
          autoComplete="off"
          maxLength={100}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
        <SelectField label="When" value={filters.range} onChange={(event) => set('range', event.target.value as DateRange)}>
          {Object.entries(DATE_RANGES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        {filters.range === 'custom' && (
          <>
            <TextField label="From" type="date" value={filters.from} max={filters.to || undefined} onChange={(event) => set('from', event.target.value)} />
            <TextField label="Until" type="date" value={filters.to} min={filters.from || undefined} onChange={(event) => set('to', event.target.value)} />
          </>
        )}
        <SelectField label="Resource" value={filters.resourceId} onChange={(event) => set('resourceId', event.target.value)}>
          <option value="">All resources</option>
          {resources.map((resource) => (
            <option key={resource.id} value={resource.id}>
              {resource.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Service" value={filters.serviceId} onChange={(event) => set('serviceId', event.target.value)}>
          <option value="">All services</option>
          {services.map((service) => (
            <option key={service.id} value={service.id}>
              {service.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Payment"
          value={filters.paymentStatus}
          onChange={(event) => set('paymentStatus', event.target.value as ListFilters['paymentStatus'])}
        >
          <option value="">Any payment</option>
          {PAYMENT_STATUS_ORDER.map((status) => (
            <option key={status} value={status}>
              {PAYMENT_STATUS[status].label}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="bookings-filters__row bookings-filters__row--statuses">
        <fieldset className="status-chips">
          <legend className="status-chips__legend">Status</legend>
          {BOOKING_STATUSES.map((status) => {
            const { label, tone } = BOOKING_STATUS[status];
            const checked = filters.status.includes(status);
            return (
              <label key={status} className={`status-chip status-chip--${tone}`}>
                <input
                  type="checkbox"
                  checked={checked}
                  onChange={() => set('status', checked ? filters.status.filter((s) => s !== status) : [...filters.status, status])}
                />
                <span className="status-chip__dot" aria-hidden="true" />
                {label}
              </label>
            );
          })}
        </fieldset>
        {isFiltered(filters) && (
          <Button
            variant="ghost"
            className="btn--small"
            onClick={() => {
              setTyped('');
              onChange(DEFAULT_FILTERS);
            }}
          >
            Clear filters
          </Button>
        )}
      </div>
    </form>
  );
}
