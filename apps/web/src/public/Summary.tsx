import { dateInZone, formatCustomerDate, formatCustomerTimeRange, zoneCity } from '../lib/time';

/**
 * When an appointment is, in the customer's zone first and, when it differs, in the business's:
 * "Thursday, March 5, 2026 · 10:00 – 11:00 AM New York time" / "3:00 – 4:00 PM London time".
 */
export function AppointmentTimes({ startsAt, endsAt, timeZone, tenantZone }: { startsAt: string; endsAt: string; timeZone: string; tenantZone: string }) {
  const local = dateInZone(startsAt, timeZone);
  const business = dateInZone(startsAt, tenantZone);
  return (
    <span className="times">
      <span className="times__primary" data-testid="time-customer">
        {formatCustomerDate(local)} · {formatCustomerTimeRange(startsAt, endsAt, timeZone)} <span className="times__zone">{zoneCity(timeZone)} time</span>
      </span>
      {tenantZone !== timeZone && (
        <span className="times__secondary" data-testid="time-business">
          {business !== local && `${formatCustomerDate(business)} · `}
          {formatCustomerTimeRange(startsAt, endsAt, tenantZone)} <span className="times__zone">{zoneCity(tenantZone)} time</span>
        </span>
      )}
    </span>
  );
}
