import type { TCancellationPolicy } from '@slotwise/contracts';
import { describeCancellationPolicy } from '../lib/cancellation-policy';
import { formatMoney } from '../lib/format';
import type { TPublicService } from './api';
import './terms.css';

/** Whether a paid service takes a deposit online and the rest at the venue. */
export function takesDeposit(service: Pick<TPublicService, 'requiresPayment' | 'payOnlineMinor' | 'priceMinor'>): boolean {
  return service.requiresPayment && service.payOnlineMinor > 0 && service.payOnlineMinor < service.priceMinor;
}

/**
 * What a customer agrees to before paying for a service: for a deposit, what is paid now and what
 * at the venue; and the cancellation policy in words.
 */
export function PaymentTerms({ service }: { service: TPublicService }) {
  if (!service.requiresPayment) return null;
  const money = (minor: number) => formatMoney(minor, service.currency);
  return (
    <div className="terms">
      {takesDeposit(service) && (
        <p className="terms__deposit">
          Pay {money(service.payOnlineMinor)} deposit now, {money(service.priceMinor - service.payOnlineMinor)} at the venue.
        </p>
      )}
      <CancellationPolicy policy={service.cancellationPolicy} />
    </div>
  );
}

export function CancellationPolicy({ policy }: { policy: TCancellationPolicy }) {
  return (
    <p className="terms__policy">
      <strong>Cancellation policy:</strong> {describeCancellationPolicy(policy)}
    </p>
  );
}
