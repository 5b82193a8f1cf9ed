import { useId, type ReactNode } from 'react';
import './Card.css';

type CardProps = {
  /** Heading of the card; it also labels the card's region. */
  title?: ReactNode;
  /** Controls shown on the right of the heading. */
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
};

export function Card({ title, actions, className, children }: CardProps) {
  const headingId = useId();
  return (
    <section className={['card', className].filter(Boolean).join(' ')} aria-labelledby={title ? headingId : undefined}>
      {(title || actions) && (
        <div className="card__header">
          {title && (
            <h2 className="card__title" id={headingId}>
              {title}
            </h2>
          )}
          {actions && <div className="card__actions">{actions}</div>}
        </div>
      )}
      <div className="card__body">{children}</div>
    </section>
  );
}
