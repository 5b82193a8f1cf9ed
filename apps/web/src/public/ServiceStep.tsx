import { ChevronRightIcon, ClockIcon } from '../ui/icons';
import type { TPublicService } from './api';
import { formatDuration, formatPrice } from '../lib/format';
import { takesDeposit } from './PaymentTerms';
import { StepHeading } from './PublicShell';
import './steps.css';
import './checkout.css';

type ServiceStepProps = {
  services: TPublicService[];
  onChoose: (service: TPublicService) => void;
  focusHeading: boolean;
  businessName: string;
};

export function ServiceStep({ services, onChoose, focusHeading, businessName }: ServiceStepProps) {
  return (
    <section className="step" aria-labelledby="service-title">
      <div className="step__head">
        <StepHeading id="service-title" focus={focusHeading}>
          Choose a service
        </StepHeading>
      </div>
      {services.length === 0 ? (
        <div className="picker__empty">
          <p>{businessName} has no services to book online right now. Please get in touch with them directly.</p>
        </div>
      ) : (
        <ul className="services">
          {services.map((service) => (
            <li key={service.id}>
              {service.bookableOnline ? (
                <button type="button" className="service" onClick={() => onChoose(service)}>
                  <ServiceBody service={service} />
                  <ChevronRightIcon size={20} />
                </button>
              ) : (
                // Shown so customers know it exists, but it can't be picked: the business can't take card payments now.
                <div className="service service--unavailable">
                  <ServiceBody service={service} />
                  <span className="service__unavailable">{unavailableOnline(businessName)}</span>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Why a paid service can't be booked here while the business can't take card payments. */
export function unavailableOnline(businessName: string): string {
  return `Online booking for this service isn’t available right now — please contact ${businessName}.`;
}

function ServiceBody({ service }: { service: TPublicService }) {
  return (
    <span className="service__body">
      <span className="service__name">{service.name}</span>
      {service.description && <span className="service__description">{service.description}</span>}
      <span className="service__meta">
        <span className="service__duration">
          <ClockIcon size={15} />
          {formatDuration(service.durationMin)}
        </span>
        <span className={service.priceMinor === 0 ? 'service__price service__price--free' : 'service__price'}>
          {formatPrice(service.priceMinor, service.currency)}
        </span>
        {takesDeposit(service) && <span className="service__deposit">{formatPrice(service.payOnlineMinor, service.currency)} deposit online</span>}
      </span>
    </span>
  );
}
