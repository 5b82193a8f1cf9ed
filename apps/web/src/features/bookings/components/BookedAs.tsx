import type { TBooking } from '@slotwise/contracts';

/**
 * The name and phone typed for this booking where they differ from the customer record. The
 * record is matched by email and a public booking never changes it, so a new phone number or a
 * different name shows up here for staff to act on (call, or edit the customer).
 */
export function BookedAs({ booking }: { booking: TBooking }) {
  const name = booking.customerName && booking.customerName !== booking.customer.name ? booking.customerName : null;
  const phone = booking.customerPhone && booking.customerPhone !== booking.customer.phone ? booking.customerPhone : null;
  if (!name && !phone) return null;
  return (
    <div className="booking-panel__booked-as">
      <p className="booking-panel__muted">Given with this booking, unlike the customer record:</p>
      <dl className="booking-panel__facts">
        {name && (
          <div>
            <dt>Name</dt>
            <dd>{name}</dd>
          </div>
        )}
        {phone && (
          <div>
            <dt>Phone</dt>
            <dd>
              <a href={`tel:${phone.replace(/[^+\d]/g, '')}`}>{phone}</a>
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
}
