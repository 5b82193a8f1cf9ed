import { BookingDetailsPanel } from '../../features/bookings/components/BookingDetailsPanel';
import { CalendarPage } from '../../features/calendar/routes/CalendarPage';

/** The calendar, whose bookings open in the bookings feature's details panel. */
export function CalendarRoute() {
  return <CalendarPage BookingDetails={BookingDetailsPanel} />;
}
