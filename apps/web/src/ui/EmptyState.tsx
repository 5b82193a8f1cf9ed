import type { ReactNode } from 'react';
import './States.css';

type EmptyStateProps = {
  title: string;
  description?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
  /** Heading level inside the page outline; defaults to a level-2 heading. */
  headingLevel?: 2 | 3;
};

export function EmptyState({ title, description, icon, action, headingLevel = 2 }: EmptyStateProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="state">
      {icon && (
        <div className="state__icon" aria-hidden="true">
          {icon}
        </div>
      )}
      <Heading className="state__title">{title}</Heading>
      {description && <p className="state__message">{description}</p>}
      {action && <div className="state__action">{action}</div>}
    </div>
  );
}
