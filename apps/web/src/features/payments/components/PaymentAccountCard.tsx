import type { TPaymentAccount } from '@slotwise/contracts';
import type { ReactNode } from 'react';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { AlertIcon, CircleCheckIcon, CircleIcon, CreditCardIcon } from '../../../ui/icons';
import './payments.css';

type PaymentAccountCardProps = {
  account: TPaymentAccount;
  /** Owners connect and continue onboarding; everyone else reads the state. */
  canEdit: boolean;
  /** Sends the owner to Stripe (a fresh onboarding link); true while the link is fetched. */
  onConnect: () => void;
  connecting: boolean;
  /** Why the last attempt to reach Stripe failed. */
  connectError?: ReactNode;
};

const TITLES: Record<TPaymentAccount['status'], string> = {
  NOT_CONNECTED: 'Not connected',
  ONBOARDING: 'Onboarding incomplete',
  ACTIVE: 'Active',
  RESTRICTED: 'Restricted',
  DISCONNECTED: 'Disconnected',
};

/**
 * The business's Stripe account in plain words: whether customers can pay online now, and what
 * Stripe still needs when they cannot. The money goes to the business's own Stripe account (a
 * direct charge); Slotwise keeps its fee.
 */
export function PaymentAccountCard({ account, canEdit, onConnect, connecting, connectError }: PaymentAccountCardProps) {
  const action = ACTIONS[account.status];
  return (
    <Card title="Stripe account" className="payment-account">
      <div className={`payment-account__state payment-account__state--${account.status.toLowerCase().replace('_', '-')}`}>
        <span className="payment-account__icon" aria-hidden="true">
          {account.status === 'ACTIVE' ? (
            <CircleCheckIcon size={22} />
          ) : account.status === 'NOT_CONNECTED' ? (
            <CreditCardIcon size={22} />
          ) : (
            <AlertIcon size={22} />
          )}
        </span>
        <div>
          <p className="payment-account__title" data-testid="payment-account-status">
            {TITLES[account.status]}
          </p>
          <p className="payment-account__lead">{lead(account)}</p>
        </div>
      </div>

      {account.status === 'RESTRICTED' && account.disabledReason && (
        <p className="payment-account__reason">
          <strong>Why:</strong> {account.disabledReason}
        </p>
      )}

      {(account.status === 'ONBOARDING' || account.status === 'RESTRICTED') && account.requirements.length > 0 && (
        <div className="payment-account__requirements">
          <h3 className="payment-account__subheading" id="stripe-requirements">
            Stripe still needs
          </h3>
          <ul aria-labelledby="stripe-requirements">
            {account.requirements.map((requirement) => (
              <li key={requirement}>{requirement}</li>
            ))}
          </ul>
        </div>
      )}

      {account.status !== 'NOT_CONNECTED' && (
        <dl className="payment-account__facts">
          <div>
            <dt>Card payments</dt>
            <dd>
              <Capability on={account.chargesEnabled} yes="Enabled" no="Not enabled" />
            </dd>
          </div>
          <div>
            <dt>Payouts to your bank</dt>
            <dd>
              <Capability on={account.payoutsEnabled} yes="Enabled" no="Paused" />
            </dd>
          </div>
          {account.accountId && (
            <div>
              <dt>Stripe account</dt>
              <dd>
                <code>{account.accountId}</code>
              </dd>
            </div>
          )}
        </dl>
      )}

      {connectError}

      {action &&
        (canEdit ? (
          <div className="payment-account__actions">
            <Button variant="primary" busy={connecting} onClick={onConnect}>
              {connecting ? 'Opening Stripe…' : action}
            </Button>
            <p className="payment-account__hint">You’ll continue on Stripe’s own pages and come back here when you’re done.</p>
          </div>
        ) : (
          <p className="payment-account__hint">
            Only the business’s owner can {account.status === 'NOT_CONNECTED' ? 'connect Stripe' : 'finish this on Stripe'}.
          </p>
        ))}
    </Card>
  );
}

const ACTIONS: Record<TPaymentAccount['status'], string | null> = {
  NOT_CONNECTED: 'Connect Stripe',
  ONBOARDING: 'Continue onboarding',
  ACTIVE: null,
  RESTRICTED: 'Update your details on Stripe',
  DISCONNECTED: 'Connect Stripe again',
};

function lead(account: TPaymentAccount): string {
  switch (account.status) {
    case 'NOT_CONNECTED':
      return 'Connect a Stripe account to take card payments when customers book a paid service. The money goes straight to your Stripe account; Slotwise keeps its fee. Until then, paid services are shown on your booking page but can’t be booked online.';
    case 'ONBOARDING':
      return 'Your Stripe account is created, but Stripe needs a few more details before it can take payments. Paid services can’t be booked online until then.';
    case 'ACTIVE':
      return account.payoutsEnabled
        ? 'Customers pay when they book a paid service, and the money is paid out to your bank.'
        : 'Customers pay when they book a paid service. Payouts to your bank are paused until Stripe has what it needs.';
    case 'RESTRICTED':
      return 'Stripe has paused card payments on your account. Paid services can’t be booked online until this is sorted out; existing bookings are kept.';
    case 'DISCONNECTED':
      return 'Slotwise was removed from your Stripe account, so paid services can’t be booked online. Existing bookings and payments are kept.';
  }
}

function Capability({ on, yes, no }: { on: boolean; yes: string; no: string }) {
  return (
    <span className={on ? 'capability capability--on' : 'capability'}>
      {on ? <CircleCheckIcon size={16} /> : <CircleIcon size={16} />}
      {on ? yes : no}
    </span>
  );
}
