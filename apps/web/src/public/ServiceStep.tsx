import { ChevronRightIcon, ClockIcon } from '../ui/icons';
import type { TPublicService } from './api';
import { formatDuration, formatPrice } from '../lib/format';
import { StepHeading } from './PublicShell';
import './steps.css';

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
              <button type="button" className="service" onClick={() => onChoose(service)}>
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
                  </span>
                </span>
                <ChevronRightIcon size={20} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
