import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ArrowRightIcon } from './icons';
import './LinkRow.css';

/** A row that leads somewhere else: an icon, a title with a line of description, an arrow. */
export function LinkRow({
  to,
  icon,
  title,
  description,
  className,
}: {
  to: string;
  icon: ReactNode;
  title: ReactNode;
  description: string;
  className?: string;
}) {
  return (
    <Link to={to} className={className ? `link-row ${className}` : 'link-row'}>
      <LinkRowBody icon={icon} title={title} description={description} />
      <span className="link-row__arrow" aria-hidden="true">
        <ArrowRightIcon size={18} />
      </span>
    </Link>
  );
}

/** The icon and text of a LinkRow, for rows that lead nowhere yet. */
export function LinkRowBody({ icon, title, description }: { icon: ReactNode; title: ReactNode; description: string }) {
  return (
    <>
      <span className="link-row__icon" aria-hidden="true">
        {icon}
      </span>
      <span className="link-row__text">
        <span className="link-row__title">{title}</span>
        <span className="link-row__description">{description}</span>
      </span>
    </>
  );
}
