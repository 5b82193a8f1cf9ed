import { useEffect, useId, useMemo, useState } from 'react';
import { GlobeIcon } from '../ui/icons';
import type { TSlot } from './api';
import { DateGrid } from './DateGrid';
import { useAvailability } from './useAvailability';
import './picker.css';
import {
  addMonthsToIsoMonth,
  formatCustomerDate,
  formatCustomerMonthName,
  formatCustomerTime,
  monthOf,
  timeZoneChoices,
  todayIn,
  zoneCity,
  zoneOffset,
} from '../lib/time';

/** How far ahead the calendar lets customers look; the API refuses what the service does not allow. */
const MONTHS_AHEAD = 12;

type SlotPickerProps = {
  slug: string;
  serviceId: string;
  /** The business's zone, shown next to each time when the customer looks in another zone. */
  tenantZone: string;
  /** The zone the browser runs in, offered first in the switcher. */
  detectedZone: string;
  timeZone: string;
  onTimeZoneChange: (timeZone: string) => void;
  /** Offered as a choice when there are several; otherwise the service's only resource is used. */
  resources: { id: string; name: string }[];
  resourceId: string | undefined;
  onResourceChange?: (resourceId: string | undefined) => void;
  day: string | null;
  onDayChange: (day: string | null) => void;
  onPick: (slot: TSlot) => void;
  /** Marks the picked time (rescheduling picks, then confirms). */
  picked?: TSlot | null;
  /** Changing it fetches the open day at once (e.g. after "That time was just taken"). */
  refreshKey?: number;
};

/** Calendar, free times of the chosen day, zone switcher and resource choice: shared by booking and rescheduling. */
export function SlotPicker(props: SlotPickerProps) {
  const { slug, serviceId, tenantZone, detectedZone, timeZone, resources, resourceId, day, onDayChange, onPick, picked } = props;
  const today = todayIn(timeZone);
  const [month, setMonth] = useState(() => monthOf(day && day >= today ? day : today));
  const availability = useAvailability({ slug, serviceId, resourceId, timeZone }, month, day, props.refreshKey);
  const { byDay, monthState } = availability;

  const dayInView = day !== null && monthOf(day) === month && day >= today;
  const firstFree =
    Object.keys(byDay)
      .filter((date) => monthOf(date) === month && date >= today && (byDay[date]?.length ?? 0) > 0)
      .sort()[0] ?? null;
  // Until the customer picks, the first day of the visible month with free times is open.
  const openDay = dayInView ? day : monthState === 'ready' ? firstFree : null;
  useEffect(() => {
    if (openDay !== day && monthState === 'ready') onDayChange(openDay);
  }, [openDay, day, monthState, onDayChange]);

  const lastMonth = addMonthsToIsoMonth(monthOf(today), MONTHS_AHEAD);
  const otherZone = timeZone !== tenantZone;

  function times() {
    const slots = openDay ? byDay[openDay] : undefined;
    if (!slots && monthState === 'error') {
      return (
        <div className="picker__empty">
          <p>We couldn’t load the free times.</p>
          <button type="button" className="btn btn--secondary" onClick={availability.retry}>
            Try again
          </button>
        </div>
      );
    }
    if (!slots && (monthState === 'loading' || openDay)) {
      return (
        <p className="picker__loading" role="status">
          <span className="state__spinner" aria-hidden="true" />
          Loading free times…
        </p>
      );
    }
    if (!openDay || !slots) {
      return (
        <div className="picker__empty">
          <p>No free times in {formatCustomerMonthName(month)}.</p>
          {month < lastMonth && (
            <button type="button" className="btn btn--secondary" onClick={() => setMonth(addMonthsToIsoMonth(month, 1))}>
              Try next month
            </button>
          )}
        </div>
      );
    }
    if (slots.length === 0) {
      return (
        <div className="picker__empty">
          <p>No free times on this day — try another.</p>
        </div>
      );
    }
    return (
      <ul className="slots" aria-label={`Free times on ${formatCustomerDate(openDay, 'medium')}`}>
        {slots.map((slot) => (
          <li key={slot.startsAt}>
            <button
              type="button"
              className={picked?.startsAt === slot.startsAt ? 'slot slot--picked' : 'slot'}
              aria-pressed={picked === undefined ? undefined : picked?.startsAt === slot.startsAt}
              onClick={() => onPick(slot)}
            >
              <span className="slot__time">{formatCustomerTime(slot.startsAt, timeZone)}</span>
              {otherZone && (
                <span className="slot__alt">
                  ({formatCustomerTime(slot.startsAt, tenantZone)} in {zoneCity(tenantZone)})
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div className="picker">
      <div className="picker__calendar">
        {resources.length > 1 && props.onResourceChange && <ResourceChoice resources={resources} value={resourceId} onChange={props.onResourceChange} />}
        <DateGrid
          month={month}
          onMonthChange={setMonth}
          selected={openDay}
          onSelect={onDayChange}
          availability={(date) => (byDay[date] ? byDay[date].length > 0 : monthState === 'ready' ? false : undefined)}
          today={today}
          lastMonth={lastMonth}
        />
        <ZoneSwitcher value={timeZone} onChange={props.onTimeZoneChange} detectedZone={detectedZone} tenantZone={tenantZone} />
      </div>

      <section className="picker__times" aria-labelledby="times-title">
        <h3 id="times-title" className="picker__day">
          {openDay ? formatCustomerDate(openDay, 'medium') : 'Free times'}
        </h3>
        <p className="picker__zone-note">
          {otherZone
            ? `Times in ${zoneCity(timeZone)} time (${zoneOffset(timeZone)}); ${zoneCity(tenantZone)} time, where the business is, alongside.`
            : `Times in ${zoneCity(timeZone)} time (${zoneOffset(timeZone)}).`}
        </p>
        {times()}
      </section>
    </div>
  );
}

function ResourceChoice({
  resources,
  value,
  onChange,
}: {
  resources: { id: string; name: string }[];
  value: string | undefined;
  onChange: (resourceId: string | undefined) => void;
}) {
  const id = useId();
  return (
    <div className="picker__field">
      <label htmlFor={id} className="picker__label">
        With
      </label>
      <select id={id} className="select" value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">Any available</option>
        {resources.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function ZoneSwitcher({
  value,
  onChange,
  detectedZone,
  tenantZone,
}: {
  value: string;
  onChange: (zone: string) => void;
  detectedZone: string;
  tenantZone: string;
}) {
  const id = useId();
  const all = useMemo(() => timeZoneChoices([detectedZone, tenantZone, value]), [detectedZone, tenantZone, value]);
  const label = (zone: string) => zone.replace(/_/g, ' ');
  return (
    <div className="picker__field picker__field--zone">
      <label htmlFor={id} className="picker__label">
        <GlobeIcon size={16} />
        Time zone
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        <optgroup label="Suggested">
          <option value={detectedZone}>{label(detectedZone)} (your device)</option>
          {tenantZone !== detectedZone && <option value={tenantZone}>{label(tenantZone)} (the business)</option>}
        </optgroup>
        <optgroup label="All time zones">
          {all
            .filter((zone) => zone !== detectedZone && zone !== tenantZone)
            .map((zone) => (
              <option key={zone} value={zone}>
                {label(zone)}
              </option>
            ))}
        </optgroup>
      </select>
    </div>
  );
}
