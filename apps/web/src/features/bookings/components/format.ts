import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';

/** "Tue 9 Jun 2026" for an instant, in `zone`. */
export function formatDate(instant: string, zone: string): string {
  return format(new TZDate(Date.parse(instant), zone), 'EEE d MMM yyyy');
}

/** "10:00" for an instant, in `zone`. */
export function formatTime(instant: string, zone: string): string {
  return format(new TZDate(Date.parse(instant), zone), 'HH:mm');
}

/** "Tue 9 Jun 2026, 10:00–11:00" in `zone`. */
export function formatTimeRange(startsAt: string, endsAt: string, zone: string): string {
  return `${formatDate(startsAt, zone)}, ${formatTime(startsAt, zone)}–${formatTime(endsAt, zone)}`;
}

/** "9 Jun, 14:05" for history entries, in `zone`. */
export function formatMoment(instant: string, zone: string): string {
  return format(new TZDate(Date.parse(instant), zone), 'd MMM yyyy, HH:mm');
}

/** "Europe/London" → "London"; keeps the name readable next to a time. */
export function zoneName(zone: string): string {
  return zone.split('/').at(-1)?.replace(/_/g, ' ') ?? zone;
}
