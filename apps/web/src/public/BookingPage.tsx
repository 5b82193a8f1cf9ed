import { useCallback, useEffect, useRef, useState } from 'react';
import { ChevronLeftIcon, ClockIcon, CompassIcon } from '../ui/icons';
import {
  describeError,
  fieldErrorsOf,
  newIdempotencyKey,
  publicApi,
  PublicApiError,
  type BookingRequest,
  type TPublicBooking,
  type TPublicService,
  type TPublicTenant,
  type TSlot,
  type TWalletCard,
} from './api';
import { ConfirmationStep } from './ConfirmationStep';
import { PaymentTerms, takesDeposit } from './PaymentTerms';
import { EMPTY_DETAILS, type DetailsValues } from './details';
import { DetailsStep, type SubmitOutcome } from './DetailsStep';
import { formatDuration, formatPrice } from '../lib/format';
import { displayName, LiveNotice, PublicShell, StateCard, StepHeading } from './PublicShell';
import { bookingPath } from './route';
import { clearPendingCheckout, leavePage, readPendingCheckout, resumeFromSearch, savePendingCheckout, withoutResume, type PendingCheckout } from './checkout';
import { ServiceStep, unavailableOnline } from './ServiceStep';
import { SlotPicker } from './SlotPicker';
import { AppointmentTimes } from './Summary';
import { cardLabel, clearWalletSession, readWalletSession } from './wallet-session';
import './wallet.css';
import { dateInZone, formatCustomerDateTime } from '../lib/time';
import './steps.css';

type Loaded = { tenant: TPublicTenant; services: TPublicService[] };
type PageState = { state: 'loading' } | { state: 'not-found' } | { state: 'error'; message: string } | ({ state: 'ready' } & Loaded);

type BookingPageProps = {
  slug: string;
  /** From `/book/:slug/:serviceId`: that service is preselected. */
  serviceId: string | null;
  embed: boolean;
  /** The customer's zone; the browser's unless a test says otherwise. */
  detectedZone: string;
};

/**
 * The public booking page of one business. Kept free of the dashboard's code, the router and
 * the calendar library so customers on phones download as little as possible.
 */
export function BookingPage({ slug, serviceId, embed, detectedZone }: BookingPageProps) {
  const [page, setPage] = useState<PageState>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([publicApi.tenant(slug, controller.signal), publicApi.services(slug, controller.signal)])
      .then(([tenant, services]) => setPage({ state: 'ready', tenant, services }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        // A malformed slug is answered 400; to the customer it is the same unknown address.
        const unknown = err instanceof PublicApiError && (err.status === 404 || err.status === 400);
        setPage(unknown ? { state: 'not-found' } : { state: 'error', message: describeError(err) });
      });
    return () => controller.abort();
  }, [slug, attempt]);

  useEffect(() => {
    if (page.state === 'ready') document.title = `Book with ${displayName(page.tenant)}`;
    else if (page.state === 'not-found') document.title = 'Booking page not found';
  }, [page]);

  if (page.state === 'ready') {
    return (
      <PublicShell tenant={page.tenant} embed={embed}>
        <BookingFlow slug={slug} tenant={page.tenant} services={page.services} initialServiceId={serviceId} detectedZone={detectedZone} />
      </PublicShell>
    );
  }
  return (
    <PublicShell tenant={null} embed={embed}>
      {page.state === 'loading' && <StateCard title="Loading the booking page…" busy />}
      {page.state === 'not-found' && <NotFoundCard />}
      {page.state === 'error' && (
        <StateCard title="We couldn’t load this booking page">
          <p className="state__text">{page.message}</p>
          <button type="button" className="btn btn--primary" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </StateCard>
      )}
    </PublicShell>
  );
}

export function NotFoundCard() {
  return (
    <StateCard title="We couldn’t find this booking page" icon={<CompassIcon size={24} />}>
      <p className="state__text">
        There is no business at this address. Check the link you were given — it looks like <code>/book/business-name</code> — or ask the business for their
        booking page.
      </p>
    </StateCard>
  );
}

type Step = 'service' | 'time' | 'details' | 'done';

const STEPS: { step: Step; label: string }[] = [
  { step: 'service', label: 'Service' },
  { step: 'time', label: 'Time' },
  { step: 'details', label: 'Details' },
];

function Progress({ step }: { step: Step }) {
  if (step === 'done') return null;
  const current = STEPS.findIndex((s) => s.step === step);
  return (
    <ol className="progress" aria-label="Booking steps">
      {STEPS.map((s, i) => (
        <li
          key={s.step}
          className={i < current ? 'progress__step progress__step--done' : i === current ? 'progress__step progress__step--current' : 'progress__step'}
          aria-current={i === current ? 'step' : undefined}
        >
          <span className="progress__number" aria-hidden="true">
            {i + 1}
          </span>
          {s.label}
        </li>
      ))}
    </ol>
  );
}

type FlowProps = { slug: string; tenant: TPublicTenant; services: TPublicService[]; initialServiceId: string | null; detectedZone: string };

/** Where the flow starts: a preselected service, or the choices kept when the customer left Stripe Checkout. */
function startOf(slug: string, business: string, services: TPublicService[], initialServiceId: string | null, detectedZone: string) {
  const resume = resumeFromSearch(window.location.search);
  const resumed = resume && services.find((s) => s.id === resume.serviceId && s.bookableOnline);
  if (resume && resumed) {
    // Back from Checkout: same service, time and details; the hold is still there until it ends.
    const kept = readPendingCheckout(slug);
    // The same instant, however each side wrote it (the API's address carries its own ISO form).
    const pending = kept && Date.parse(kept.request.startsAt) === Date.parse(resume.startsAt) && kept.request.serviceId === resumed.id ? kept : null;
    // With the kept request, exactly its values: the same request with the same key is answered with the same hold.
    const timeZone = pending?.request.timeZone ?? resume.timeZone ?? detectedZone;
    const startsAt = pending?.request.startsAt ?? resume.startsAt;
    const slot: TSlot = {
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + resumed.durationMin * 60_000).toISOString(),
      resourceIds: resume.resourceId ? [resume.resourceId] : [],
    };
    return {
      service: resumed,
      step: 'details' as Step,
      timeZone,
      day: dateInZone(startsAt, timeZone),
      slot,
      resourceId: pending?.request.resourceId,
      details: pending?.details ?? EMPTY_DETAILS,
      pending,
      notice: null,
    };
  }
  const preselected = services.find((s) => s.id === initialServiceId) ?? null;
  const bookable = preselected?.bookableOnline ? preselected : null;
  const notice =
    !initialServiceId || bookable ? null : preselected ? unavailableOnline(business) : 'That service can’t be booked online any more. Please choose another.';
  return {
    service: bookable,
    step: (bookable ? 'time' : 'service') as Step,
    timeZone: detectedZone,
    day: null,
    slot: null,
    resourceId: undefined,
    details: EMPTY_DETAILS,
    pending: null,
    notice,
  };
}

function BookingFlow({ slug, tenant, services, initialServiceId, detectedZone }: FlowProps) {
  const [start] = useState(() => startOf(slug, displayName(tenant), services, initialServiceId, detectedZone));
  const [service, setService] = useState<TPublicService | null>(start.service);
  const [step, setStep] = useState<Step>(start.step);
  const [timeZone, setTimeZone] = useState(start.timeZone);
  const [resourceId, setResourceId] = useState<string | undefined>(start.resourceId);
  const [day, setDay] = useState<string | null>(start.day);
  const [slot, setSlot] = useState<TSlot | null>(start.slot);
  const [details, setDetails] = useState<DetailsValues>(start.details);
  const [booking, setBooking] = useState<TPublicBooking | null>(null);
  const [notice, setNotice] = useState<string | null>(start.notice);
  /** Back from Checkout without paying: the time is still held until then. */
  const [heldUntil, setHeldUntil] = useState<string | null>(start.pending?.expiresAt ?? null);
  const [moved, setMoved] = useState(false);
  /** The customer's saved card on this device (a wallet session from /wallet), offered for one-click payment. */
  const [savedCard, setSavedCard] = useState<{ session: string; card: TWalletCard } | null>(null);
  /** The saved card was declined: the page falls back to Checkout ("another card"). */
  const [savedCardDeclined, setSavedCardDeclined] = useState(false);
  /** "Save your card for next time": after booking, the link to the saved cards is emailed to the address typed. */
  const [saveCardLink, setSaveCardLink] = useState(false);
  /** One idempotency key per distinct booking attempt; kept while the same request is retried (and across a trip to Checkout). */
  const attempt = useRef<{ request: string; key: string } | null>(
    start.pending ? { request: JSON.stringify(start.pending.request), key: start.pending.idempotencyKey } : null,
  );

  // The resume parameters have done their job; a reload should not bring them back.
  useEffect(() => {
    if (start.step === 'details' && start.slot) {
      window.history.replaceState(window.history.state, '', bookingPath(slug, start.service?.id ?? null, withoutResume(window.location.search)));
    }
  }, [slug, start]);

  // A wallet session kept on this device: its first card can pay a paid service in one click.
  const paidServices = services.some((s) => s.requiresPayment && s.bookableOnline);
  useEffect(() => {
    const kept = paidServices ? readWalletSession() : null;
    if (!kept) return;
    const controller = new AbortController();
    publicApi
      .wallet(kept.sessionToken, controller.signal)
      .then((wallet) => setSavedCard(wallet.cards[0] ? { session: kept.sessionToken, card: wallet.cards[0] } : null))
      .catch((err: unknown) => {
        if (err instanceof PublicApiError && err.status === 401) clearWalletSession();
      });
    return () => controller.abort();
  }, [paidServices]);

  const goTo = useCallback((next: Step) => {
    setStep(next);
    setMoved(true);
  }, []);

  function showServicePath(id: string | null) {
    window.history.replaceState(window.history.state, '', bookingPath(slug, id, window.location.search));
  }

  function chooseService(chosen: TPublicService) {
    setService(chosen);
    setResourceId(undefined);
    setDay(null);
    setNotice(null);
    showServicePath(chosen.id);
    goTo('time');
  }

  function pickSlot(picked: TSlot) {
    setSlot(picked);
    setNotice(null);
    setHeldUntil(null);
    goTo('details');
  }

  async function submit(values: DetailsValues, action = 'primary'): Promise<SubmitOutcome> {
    if (!service || !slot) return { error: 'Please choose a time first.' };
    const withSavedCard = action === 'primary' && service.requiresPayment && savedCard && !savedCardDeclined ? savedCard : null;
    // Back from the Checkout a saved card was sent to: the same request (and key) answers the same hold and session.
    const payWith = withSavedCard ? { savedCardId: withSavedCard.card.id } : heldUntil ? start.pending?.request.payWith : undefined;
    const request: BookingRequest = {
      serviceId: service.id,
      ...(resourceId ? { resourceId } : {}),
      startsAt: slot.startsAt,
      timeZone,
      customer: {
        name: values.name.trim(),
        email: values.email.trim(),
        ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
      },
      ...(values.notes.trim() ? { notes: values.notes.trim() } : {}),
      ...(payWith ? { payWith } : {}),
    };
    const fingerprint = JSON.stringify(request);
    if (attempt.current?.request !== fingerprint) attempt.current = { request: fingerprint, key: newIdempotencyKey() };
    try {
      const key = attempt.current.key;
      const created = await publicApi.book(slug, request, key, payWith ? savedCard?.session : undefined);
      // Asked for on the booking step: the link to save a card next time goes to the address typed (best effort).
      if (saveCardLink && !payWith) await publicApi.walletLink(request.customer.email).catch(() => undefined);
      if (created.payment?.checkoutUrl) {
        // Paid: the time is held; payment happens on Stripe Checkout, which comes back to /checkout/return.
        const pending: PendingCheckout = {
          request,
          idempotencyKey: key,
          details: values,
          checkoutUrl: created.payment.checkoutUrl,
          expiresAt: created.payment.expiresAt,
        };
        savePendingCheckout(slug, pending);
        leavePage.to(created.payment.checkoutUrl);
        return undefined;
      }
      attempt.current = null;
      clearPendingCheckout(slug);
      setBooking(created);
      goTo('done');
      return undefined;
    } catch (err) {
      // Without an answer the booking may have gone through: keep the key so a retry can't book twice.
      if (!(err instanceof PublicApiError) || err.code === 'NETWORK') return { error: describeError(err) };
      attempt.current = null;
      if (withSavedCard && (err.code === 'CARD_DECLINED' || err.status === 401 || err.status === 404)) {
        // Nothing was booked or charged; Checkout takes another card.
        setSavedCardDeclined(true);
        if (err.code !== 'CARD_DECLINED') setSavedCard(null);
        return {
          error:
            err.code === 'CARD_DECLINED'
              ? `Your ${cardLabel(withSavedCard.card)} was declined, so nothing was booked or charged. Continue to pay with another card.`
              : 'Your saved card can’t be used here any more, so nothing was booked or charged. Continue to pay with another card.',
        };
      }
      if (err.code === 'SLOT_UNAVAILABLE' || err.code === 'UNPROCESSABLE') {
        setSlot(null);
        setNotice(
          err.code === 'SLOT_UNAVAILABLE'
            ? 'That time was just taken. Please pick another — the times below are up to date, and your details are kept.'
            : `${err.message.replace(/\.$/, '')}. Please pick another time — your details are kept.`,
        );
        goTo('time');
        return undefined;
      }
      if (err.code === 'PAYMENTS_UNAVAILABLE') {
        return {
          error: `${displayName(tenant)} can’t take card payments online right now, so this service can’t be booked here. Nothing was booked — please contact them directly.`,
        };
      }
      const fieldErrors = fieldErrorsOf(err);
      if (Object.keys(fieldErrors).length > 0) return { fieldErrors, error: 'Please check the highlighted fields.' };
      return { error: describeError(err) };
    }
  }

  function backToServices() {
    setNotice(null);
    showServicePath(null);
    goTo('service');
  }

  function startOver() {
    setBooking(null);
    setSlot(null);
    setService(null);
    setDay(null);
    showServicePath(null);
    goTo('service');
  }

  const oneClick = service?.requiresPayment && savedCard && !savedCardDeclined ? savedCard : null;

  const serviceSummary = service && (
    <div className="chosen">
      <div className="chosen__service">
        <span className="chosen__name">{service.name}</span>
        <span className="chosen__meta">
          <ClockIcon size={15} />
          {formatDuration(service.durationMin)} · {formatPrice(service.priceMinor, service.currency)}
        </span>
      </div>
      {step === 'details' && slot && <AppointmentTimes startsAt={slot.startsAt} endsAt={slot.endsAt} timeZone={timeZone} tenantZone={tenant.timeZone} />}
    </div>
  );
  // Before paying: a deposit's split and the cancellation policy.
  const summaryWithTerms = service && (
    <>
      {serviceSummary}
      <PaymentTerms service={service} />
    </>
  );

  return (
    <div className="card flow">
      <Progress step={step} />
      <LiveNotice message={notice} />

      {step === 'service' && <ServiceStep services={services} onChoose={chooseService} focusHeading={moved} businessName={displayName(tenant)} />}

      {step === 'time' && service && (
        <section className="step" aria-labelledby="time-title">
          <div className="step__head">
            {services.length > 1 && (
              <button type="button" className="back" onClick={backToServices}>
                <ChevronLeftIcon size={16} />
                All services
              </button>
            )}
            <StepHeading id="time-title" focus={moved}>
              Choose a time
            </StepHeading>
          </div>
          {serviceSummary}
          <SlotPicker
            slug={slug}
            serviceId={service.id}
            tenantZone={tenant.timeZone}
            detectedZone={detectedZone}
            timeZone={timeZone}
            onTimeZoneChange={setTimeZone}
            resources={service.resources}
            resourceId={resourceId}
            onResourceChange={setResourceId}
            day={day}
            onDayChange={setDay}
            onPick={pickSlot}
          />
        </section>
      )}

      {step === 'details' && service && slot && heldUntil && (
        <p className="notice notice--warning" role="status">
          <ClockIcon size={18} />
          <span>
            You left the payment page, so nothing was charged. Your time is held until <strong>{formatCustomerDateTime(heldUntil, timeZone)}</strong> — continue
            to payment to keep it.
          </span>
        </p>
      )}

      {step === 'details' && service && slot && (
        <DetailsStep
          values={details}
          onChange={setDetails}
          summary={summaryWithTerms}
          onBack={() => goTo('time')}
          onSubmit={submit}
          submitLabel={
            oneClick
              ? `Pay ${formatPrice(service.payOnlineMinor > 0 ? service.payOnlineMinor : service.priceMinor, service.currency)} with ${cardLabel(oneClick.card)}`
              : service.requiresPayment
                ? `Continue to payment · ${formatPrice(takesDeposit(service) ? service.payOnlineMinor : service.priceMinor, service.currency)}${takesDeposit(service) ? ' deposit' : ''}`
                : 'Confirm booking'
          }
          secondaryAction={oneClick ? { label: 'Use another card', value: 'checkout' } : undefined}
          extra={
            oneClick ? (
              <div className="saved-card">
                <p className="saved-card__title">Pay in one click with your saved card</p>
                <p className="saved-card__text">
                  {cardLabel(oneClick.card)}, saved with Slotwise. {displayName(tenant)} is paid directly; if your bank asks you to confirm, you’ll go to
                  Stripe’s page.
                </p>
              </div>
            ) : service.requiresPayment && !savedCard ? (
              <label className="save-card">
                <input type="checkbox" checked={saveCardLink} onChange={(e) => setSaveCardLink(e.target.checked)} />
                <span>Save your card for next time: we’ll email you a link to keep it for one-click payments with any business on Slotwise.</span>
              </label>
            ) : null
          }
          focusHeading={moved}
        />
      )}

      {step === 'done' && booking && (
        <ConfirmationStep booking={booking} paid={booking.savedCardOutcome === 'PAID'} tenant={tenant} onBookAnother={startOver} focusHeading={moved} />
      )}
    </div>
  );
}
