import { useEffect, useState } from 'react';
import { ClockIcon, CompassIcon } from '../ui/icons';
import { describeError, publicApi, PublicApiError, type TPublicCheckoutStatus, type TPublicTenant } from './api';
import { clearPendingCheckout } from './checkout';
import { ConfirmationStep } from './ConfirmationStep';
import { displayName, PublicShell, StateCard } from './PublicShell';
import { bookingPath } from './route';
import './checkout.css';
import './steps.css';

type CheckoutReturnProps = { slug: string; sessionId: string | null; embed: boolean };

/** How long to wait before asking again: soon at first (the webhook is usually a second behind), then less often. */
export function checkoutPollDelay(attempt: number): number {
  return Math.min(1_000 * 1.5 ** attempt, 10_000);
}
/** After this long unconfirmed, the page says it is taking longer than usual (and keeps asking). */
export const SLOW_AFTER_MS = 30_000;

type State =
  | { state: 'loading' }
  | { state: 'not-found' }
  | { state: 'error'; message: string }
  | { state: 'known'; tenant: TPublicTenant; status: TPublicCheckoutStatus };

/**
 * The page Stripe Checkout sends the customer back to (`/book/<slug>/checkout/return?session_id=cs_…`).
 * The customer often arrives before Stripe's webhook, so the page says it is confirming and asks
 * again until our side has the payment; then it shows the confirmed booking.
 */
export function CheckoutReturnPage({ slug, sessionId, embed }: CheckoutReturnProps) {
  const [page, setPage] = useState<State>({ state: 'loading' });
  const [slow, setSlow] = useState(false);
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    if (!sessionId) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let tenant: TPublicTenant | undefined;
    let attempt = 0;
    const startedAt = Date.now();

    const ask = async () => {
      try {
        tenant ??= await publicApi.tenant(slug, controller.signal);
        const status = await publicApi.checkoutStatus(slug, sessionId, controller.signal);
        setPage({ state: 'known', tenant, status });
        if (status.payment.status !== 'PENDING') {
          if (status.payment.status === 'SUCCEEDED') clearPendingCheckout(slug);
          return;
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        const unknown = err instanceof PublicApiError && (err.status === 404 || err.status === 400);
        if (unknown) return setPage({ state: 'not-found' });
        // A network blip while waiting: keep what is shown and ask again; with nothing shown yet, say so.
        if (!(err instanceof PublicApiError && err.code === 'NETWORK')) return setPage({ state: 'error', message: describeError(err) });
      }
      if (Date.now() - startedAt >= SLOW_AFTER_MS) setSlow(true);
      timer = setTimeout(() => void ask(), checkoutPollDelay(attempt++));
    };
    void ask();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [slug, sessionId, retry]);

  useEffect(() => {
    if (page.state === 'known') document.title = `${titleOf(page.status)} · ${displayName(page.tenant)}`;
  }, [page]);

  if (!sessionId || page.state === 'not-found') {
    return (
      <PublicShell tenant={null} embed={embed}>
        <StateCard title="We couldn’t find this payment" icon={<CompassIcon size={24} />}>
          <p className="state__text">This link doesn’t belong to a payment we know. If you paid, your confirmation email has the details of your booking.</p>
          <a className="btn btn--secondary" href={bookingPath(slug, null, '')}>
            Go to the booking page
          </a>
        </StateCard>
      </PublicShell>
    );
  }
  if (page.state === 'loading') {
    return (
      <PublicShell tenant={null} embed={embed}>
        <StateCard title="Confirming your payment…" busy />
      </PublicShell>
    );
  }
  if (page.state === 'error') {
    return (
      <PublicShell tenant={null} embed={embed}>
        <StateCard title="We couldn’t check your payment">
          <p className="state__text">{page.message}</p>
          <button type="button" className="btn btn--primary" onClick={() => setRetry((n) => n + 1)}>
            Try again
          </button>
        </StateCard>
      </PublicShell>
    );
  }

  const { tenant, status } = page;
  const { booking, payment } = status;
  const business = displayName(tenant);
  const again = (
    <a className="btn btn--primary" href={bookingPath(slug, null, embed ? '?embed=1' : '')}>
      Choose a time again
    </a>
  );
  return (
    <PublicShell tenant={tenant} embed={embed}>
      <div className="card flow">
        {payment.status === 'SUCCEEDED' ? (
          <ConfirmationStep
            booking={booking}
            paid
            tenant={tenant}
            onBookAnother={() => window.location.assign(bookingPath(slug, null, embed ? '?embed=1' : ''))}
            focusHeading
          />
        ) : payment.status === 'PENDING' ? (
          <section className="step checkout-wait" aria-labelledby="state-title" aria-busy="true">
            <span className="state__spinner" aria-hidden="true" />
            <h2 id="state-title" className="step__title">
              Confirming your payment…
            </h2>
            <p role="status">
              {slow
                ? `This is taking longer than usual. You can close this page — ${business} will email you as soon as the payment is confirmed.`
                : 'This usually takes a few seconds. Please keep this page open.'}
            </p>
          </section>
        ) : payment.status === 'EXPIRED' ? (
          <section className="step checkout-wait" aria-labelledby="state-title">
            <ClockIcon size={28} />
            <h2 id="state-title" className="step__title">
              The time to pay ran out
            </h2>
            <p>Nothing was charged, and the time you picked has been released. You can choose a time again.</p>
            {again}
          </section>
        ) : (
          <section className="step checkout-wait" aria-labelledby="state-title">
            <h2 id="state-title" className="step__title">
              Your payment is being refunded
            </h2>
            <p>
              The time you picked was no longer free when your payment arrived, so the full amount is going back to your card. {business} has been told. You can
              choose another time.
            </p>
            {again}
          </section>
        )}
      </div>
    </PublicShell>
  );
}

function titleOf(status: TPublicCheckoutStatus): string {
  switch (status.payment.status) {
    case 'SUCCEEDED':
      return 'Payment received';
    case 'PENDING':
      return 'Confirming your payment';
    case 'EXPIRED':
      return 'Payment time ran out';
    default:
      return 'Payment refunded';
  }
}
