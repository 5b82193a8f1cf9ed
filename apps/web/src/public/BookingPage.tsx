import { useEffect } from 'react';
import { ClockIcon, LogoMark } from '../ui/icons';
import './booking.css';

/**
 * The public booking page of one business. Kept free of the dashboard's code and of the
 * calendar library so customers on phones download as little as possible.
 */
export function BookingPage({ slug }: { slug: string | null }) {
  useEffect(() => {
    document.title = slug ? `Book with ${slug}` : 'Booking page not found';
  }, [slug]);

  return (
    <div className="booking">
      <main className="booking__main">
        {slug ? (
          <>
            <header className="booking__header">
              <span className="booking__avatar" aria-hidden="true">
                {slug.charAt(0).toUpperCase()}
              </span>
              <h1 className="booking__title">Book with {slug}</h1>
            </header>
            <section className="booking__card" aria-labelledby="booking-soon">
              <span className="booking__card-icon" aria-hidden="true">
                <ClockIcon size={24} />
              </span>
              <h2 id="booking-soon" className="booking__card-title">
                Online booking is coming soon
              </h2>
              <p className="booking__card-text">
                You will soon be able to pick a service and a time that suits you, right here. Until then, please
                contact {slug} directly to book.
              </p>
            </section>
          </>
        ) : (
          <section className="booking__card" aria-labelledby="booking-missing">
            <h1 id="booking-missing" className="booking__title">
              Booking page not found
            </h1>
            <p className="booking__card-text">
              This link does not name a business. Check the address you were given, it looks like /book/your-business.
            </p>
          </section>
        )}
      </main>
      <footer className="booking__footer">
        <LogoMark size={18} />
        <span>Powered by Slotwise</span>
      </footer>
    </div>
  );
}
