import { useCallback, useEffect, useState } from 'react';
import type { TBookingStatus } from '@slotwise/contracts';
import { LockIcon } from '../ui/icons';
import { describeError, publicApi, PublicApiError, type TManageView } from './api';
import { formatMoney, formatPrice } from '../lib/format';
import { CancelForm, Reschedule } from './ManageChanges';
import { CancellationPolicy } from './PaymentTerms';
import { displayName, LiveNotice, PublicShell, StateCard, StepHeading } from './PublicShell';
import { bookingPath } from './route';
import { AppointmentTimes } from './Summary';
import './steps.css';
import { formatCustomerDateTime } from '../lib/time';

type PageState = { state: 'loading' } | { state: 'invalid' } | { state: 'error'; message: string } | { state: 'ready'; view: TManageView };
type Mode = 'view' | 'cancel' | 'reschedule';

const STATUS_LABELS: Record<TBookingStatus, string> = {
  CONFIRMED: 'Confirmed',
  PENDING_PAYMENT: 'Awaiting payment',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired',
  COMPLETED: 'Completed',
  NO_SHOW: 'Missed',
};

type ManagePageProps = { token: string; embed: boolean; detectedZone: string };

/** The customer's own booking, reached through the signed link in their emails: see, reschedule, cancel. */
export function ManagePage({ token, embed, detectedZone }: ManagePageProps) {
  const [page, setPage] = useState<PageState>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    publicApi
      .manage(token, controller.signal)
      .then((view) => setPage({ state: 'ready', view }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        const invalid = err instanceof PublicApiError && (err.status === 404 || err.status === 400);
        setPage(invalid ? { state: 'invalid' } : { state: 'error', message: describeError(err) });
      });
    return () => controller.abort();
  }, [token, attempt]);

  useEffect(() => {
    if (page.state === 'ready') document.title = `Your booking with ${displayName(page.view.tenant)}`;
    else if (page.state === 'invalid') document.title = 'Booking link not valid';
  }, [page]);

  if (page.state === 'ready') {
    return (
      <PublicShell tenant={page.view.tenant} subtitle="Your booking" embed={embed}>
        <ManageBooking token={token} initial={page.view} detectedZone={detectedZone} />
      </PublicShell>
    );
  }
  return (
    <PublicShell tenant={null} embed={embed}>
      {page.state === 'loading' && <StateCard title="Loading your booking…" busy />}
      {page.state === 'invalid' && (
        <StateCard title="This link is not valid any more" icon={<LockIcon size={24} />}>
          <p className="state__text">
            The link may be incomplete, or it has expired. Open the latest email about your booking, or contact the business to make a change.
          </p>
        </StateCard>
      )}
      {page.state === 'error' && (
        <StateCard title="We couldn’t load your booking">
          <p className="state__text">{page.message}</p>
          <button type="button" className="btn btn--primary" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </StateCard>
      )}
    </PublicShell>
  );
}

function ManageBooking({ token, initial, detectedZone }: { token: string; initial: TManageView; detectedZone: string }) {
  const [view, setView] = useState(initial);
  const [mode, setMode] = useState<Mode>('view');
  const [moved, setMoved] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [news, setNews] = useState<string | null>(null);
  const { booking, tenant, policy } = view;
  const business = displayName(tenant);

  const goTo = useCallback((next: Mode) => {
    setMode(next);
    setMoved(true);
  }, []);

  function start(next: Mode) {
    setNews(null);
    setProblem(null);
    goTo(next);
  }

  /** Fetches the booking again after the server said our copy is out of date. */
  async function reload(message: string) {
    try {
      setView(await publicApi.manage(token));
      setProblem(message);
    } catch (err) {
      setProblem(describeError(err));
    }
    goTo('view');
  }

  async function cancel(reason: string): Promise<string | undefined> {
    const refund = policy.refundOnCancel;
    try {
      setView(await publicApi.cancel(token, { reason, version: booking.version, ...(refund ? { expectedRefundMinor: refund.refundMinor } : {}) }));
      setProblem(null);
      setNews(`Your booking is cancelled. ${refund ? refundNews(refund) : ''}We’ve emailed you a confirmation.`);
      goTo('view');
      return undefined;
    } catch (err) {
      if (err instanceof PublicApiError && err.code === 'CONFLICT' && refund) {
        // The refund changed since it was shown (the free window ended meanwhile): show the new one and ask again.
        try {
          const fresh = await publicApi.manage(token);
          setView(fresh);
          const now = fresh.policy.refundOnCancel;
          if (!fresh.policy.canCancel) goTo('view');
          return now
            ? `The refund has changed since you opened this page: cancelling now refunds ${formatMoney(now.refundMinor, now.currency)} of ${formatMoney(now.paidMinor, now.currency)}. Please confirm again if you still want to cancel.`
            : 'Your booking changed since you opened this page. Please check it and try again.';
        } catch (reloadErr) {
          return describeError(reloadErr);
        }
      }
      if (err instanceof PublicApiError && (err.code === 'UNPROCESSABLE' || err.code === 'INVALID_TRANSITION' || err.code === 'VERSION_CONFLICT')) {
        await reload(`${err.message.replace(/\.$/, '')}.`);
        return undefined;
      }
      return describeError(err);
    }
  }

  const closedReason =
    policy.reason === 'CUTOFF_PASSED' ? `Changes are possible until ${policy.cutoffHours} hours before your appointment. Please contact ${business}.` : null;

  return (
    <div className="card flow">
      <LiveNotice message={problem} />
      <LiveNotice message={news} tone="success" />

      {mode === 'view' && (
        <section className="step" aria-labelledby="booking-title">
          <div className="step__head step__head--split">
            <StepHeading id="booking-title" focus={moved}>
              {booking.service.name}
            </StepHeading>
            <span className={`status status--${booking.status.toLowerCase()}`}>{STATUS_LABELS[booking.status]}</span>
          </div>
          {booking.status === 'CANCELLED' && <p className="manage__state">This booking was cancelled. The time is free for others now.</p>}
          {booking.status === 'EXPIRED' && <p className="manage__state">This booking expired before it was paid for.</p>}
          <dl className="summary">
            <div className="summary__row">
              <dt>When</dt>
              <dd>
                <AppointmentTimes startsAt={booking.startsAt} endsAt={booking.endsAt} timeZone={detectedZone} tenantZone={tenant.timeZone} />
              </dd>
            </div>
            <div className="summary__row">
              <dt>With</dt>
              <dd>
                {booking.resource.name} <span className="summary__muted">at {business}</span>
              </dd>
            </div>
            <div className="summary__row">
              <dt>Price</dt>
              <dd>{formatPrice(booking.priceMinor, booking.currency)}</dd>
            </div>
            <div className="summary__row">
              <dt>Booked for</dt>
              <dd>
                {booking.customer.name} <span className="summary__muted">· {booking.customer.email}</span>
              </dd>
            </div>
          </dl>

          {policy.refundOnCancel && (policy.canCancel || policy.canReschedule) && <CancellationPolicy policy={policy.cancellationPolicy} />}

          {policy.canCancel || policy.canReschedule ? (
            <>
              <p className="manage__policy">
                You can reschedule or cancel until <strong>{formatCustomerDateTime(policy.changeableUntil, detectedZone)}</strong> ({policy.cutoffHours} hours
                before your appointment).
              </p>
              <div className="manage__actions">
                {policy.canReschedule && (
                  <button type="button" className="btn btn--primary" onClick={() => start('reschedule')}>
                    Reschedule
                  </button>
                )}
                {policy.canCancel && (
                  <button type="button" className="btn btn--secondary" onClick={() => start('cancel')}>
                    Cancel booking
                  </button>
                )}
              </div>
            </>
          ) : closedReason ? (
            <p className="notice notice--info">{closedReason}</p>
          ) : (
            <div className="manage__actions">
              <a className="btn btn--secondary" href={bookingPath(tenant.slug, null, window.location.search)}>
                Book another time with {business}
              </a>
            </div>
          )}
        </section>
      )}

      {mode === 'cancel' && (
        <CancelForm
          business={business}
          summary={
            <div className="chosen">
              <span className="chosen__name">{booking.service.name}</span>
              <AppointmentTimes startsAt={booking.startsAt} endsAt={booking.endsAt} timeZone={detectedZone} tenantZone={tenant.timeZone} />
            </div>
          }
          refund={policy.refundOnCancel && <RefundPreview refund={policy.refundOnCancel} policy={policy.cancellationPolicy} timeZone={detectedZone} />}
          onCancel={cancel}
          onKeep={() => goTo('view')}
          focus={moved}
        />
      )}

      {mode === 'reschedule' && (
        <Reschedule
          token={token}
          view={view}
          detectedZone={detectedZone}
          onDone={(next, message) => {
            setView(next);
            setProblem(null);
            setNews(message);
            goTo('view');
          }}
          onStale={reload}
          onProblem={setProblem}
          onBack={() => goTo('view')}
          focus={moved}
        />
      )}
    </div>
  );
}

type RefundOnCancel = NonNullable<TManageView['policy']['refundOnCancel']>;

/** After cancelling: what is coming back, in the words banks use for the wait. */
function refundNews(refund: RefundOnCancel): string {
  if (refund.refundMinor === 0) return 'Under the cancellation policy, nothing is refunded. ';
  return `Your refund of ${formatMoney(refund.refundMinor, refund.currency)} is on its way to your card; it usually shows within 5–10 business days. `;
}

/** Before confirming a cancellation: "Cancelling now refunds €X of €Y", and why. */
function RefundPreview({ refund, policy, timeZone }: { refund: RefundOnCancel; policy: TManageView['policy']['cancellationPolicy']; timeZone: string }) {
  const money = (minor: number) => formatMoney(minor, refund.currency);
  const free = refund.percent >= 100;
  return (
    <div className="refund-preview" data-testid="refund-preview">
      <p className="refund-preview__amount">
        Cancelling now refunds {money(refund.refundMinor)} of {money(refund.paidMinor)}
      </p>
      <p className="summary__muted">
        {free
          ? policy.lateRefundPercent >= 100 || policy.freeCancellationHours === 0
            ? 'Free cancellation until your appointment starts.'
            : `Free cancellation until ${formatCustomerDateTime(refund.freeUntil, timeZone)}; after that ${policy.lateRefundPercent === 0 ? 'nothing' : `${policy.lateRefundPercent} %`} is refunded.`
          : `The free cancellation time ended ${formatCustomerDateTime(refund.freeUntil, timeZone)}; the policy now refunds ${refund.percent} %.`}
      </p>
    </div>
  );
}
