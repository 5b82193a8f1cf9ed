import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiErrorOf, describeApiError, type ApiFailure } from '../../../lib/api';
import { useSession } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Alert } from '../../../ui/Alert';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Card } from '../../../ui/Card';
import { ChevronLeftIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { Skeleton } from '../../../ui/Spinner';
import { usePaymentAccount, useStartOnboarding } from '../api';
import { PaymentAccountCard } from '../components/PaymentAccountCard';
import '../components/payments.css';

/** Back from Stripe, how long the page keeps asking for the account's new state. */
const RETURN_WATCH_MS = 20_000;

/** Where the browser goes for Stripe's hosted onboarding (a seam for tests). */
export const leaveFor = { stripe: (url: string) => window.location.assign(url) };

/**
 * Settings → Payments: the business's Stripe account. Owners connect and finish onboarding on
 * Stripe's hosted pages, which send them back here with `?onboarding=return` (read the state
 * again) or `?onboarding=refresh` (the link was used or expired: get a fresh one and go again).
 * Everyone else sees the state.
 */
export function PaymentSettingsPage() {
  useDocumentTitle('Payments settings');
  const { role } = useSession();
  const isOwner = role === 'OWNER';
  const [params, setParams] = useSearchParams();
  const back = params.get('onboarding');
  // Why the owner arrived, kept after the parameter is dropped from the address.
  const [arrival] = useState(back);
  const [watchUntil] = useState(() => (back === 'return' ? Date.now() + RETURN_WATCH_MS : 0));
  const account = usePaymentAccount({ watchUntil });
  const onboarding = useStartOnboarding();
  const [connectError, setConnectError] = useState<ApiFailure | null>(null);

  function goToStripe() {
    onboarding.mutate(
      {},
      {
        onSuccess: ({ body }) => leaveFor.stripe(body.url),
        onError: (error) => setConnectError(error),
      },
    );
  }
  function connect() {
    setConnectError(null);
    goToStripe();
  }

  // Back from Stripe: the state may have changed there, so read it again (once) and drop the
  // parameter, so a reload doesn't repeat it. A used or expired link: straight to a fresh one.
  const arrive = useEffectEvent((reason: string) => {
    if (reason === 'return') void account.refetch();
    if (reason === 'refresh' && isOwner) goToStripe();
    setParams({}, { replace: true });
  });
  const handled = useRef(false);
  useEffect(() => {
    if (handled.current || !back) return;
    handled.current = true;
    arrive(back);
  }, [back]);

  return (
    <>
      <Link to="/settings" className="back-link">
        <ChevronLeftIcon size={16} />
        Settings
      </Link>
      <PageHeader title="Payments" description="Take card payments through Stripe when customers book a paid service." />
      <div className="payments-settings">
        {arrival === 'refresh' && isOwner && !connectError && <Alert tone="info">That Stripe link was already used or has expired; opening a fresh one…</Alert>}
        {arrival === 'return' && account.data && <ReturnNotice status={account.data.body.status} />}
        {account.isPending ? (
          <Card title="Stripe account">
            <div aria-busy="true">
              <span className="visually-hidden">Loading your Stripe account…</span>
              <Skeleton width="50%" height="22px" />
              <Skeleton width="90%" />
              <Skeleton width="70%" />
            </div>
          </Card>
        ) : !account.data ? (
          <Card title="Stripe account">
            <ApiErrorState
              error={account.error}
              title="Your Stripe account could not be loaded"
              onRetry={() => void account.refetch()}
              retrying={account.isFetching}
              headingLevel={3}
            />
          </Card>
        ) : (
          <PaymentAccountCard
            account={account.data.body}
            canEdit={isOwner}
            onConnect={connect}
            connecting={onboarding.isPending || onboarding.isSuccess}
            connectError={connectError && <Alert title="Stripe could not be reached">{connectMessage(connectError)}</Alert>}
          />
        )}
      </div>
    </>
  );
}

function connectMessage(error: ApiFailure): string {
  if (apiErrorOf(error)?.code === 'PAYMENT_UNAVAILABLE') return 'Stripe did not answer just now. Nothing was changed — please try again in a minute.';
  return describeApiError(error);
}

function ReturnNotice({ status }: { status: string }) {
  return status === 'ACTIVE' ? (
    <Alert tone="success" title="Stripe is connected">
      Customers can now pay online when they book a paid service.
    </Alert>
  ) : (
    <Alert tone="info" title="Welcome back from Stripe">
      If you finished on Stripe, this page updates as soon as Stripe confirms it. If not, you can continue where you left off at any time.
    </Alert>
  );
}
