import { BookingDetailsPanel } from '../../features/bookings/components/BookingDetailsPanel';
import { CustomerPage } from '../../features/customers/routes/CustomerPage';

/** One customer, whose bookings open in the bookings feature's details panel. */
export function CustomerRoute() {
  return <CustomerPage BookingDetails={BookingDetailsPanel} />;
}
