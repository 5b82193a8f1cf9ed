import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ArrowRightIcon } from '../../../ui/icons';

/** A row that leads to another settings page. */
export function SettingsLink({ to, icon, title, description }: { to: string; icon: ReactNode; title: string; description: string }) {
  return (
    <Link to={to} className="settings-link">
      <span className="settings-link__icon" aria-hidden="true">
        {icon}
      </span>
      <span className="settings-link__text">
        <span className="settings-link__title">{title}</span>
        <span className="settings-link__description">{description}</span>
      </span>
      <span className="settings-link__arrow" aria-hidden="true">
        <ArrowRightIcon size={18} />
      </span>
    </Link>
  );
}

/** Something that is planned but not there yet, said plainly. */
export function ComingSoon({ icon, title, description }: { icon: ReactNode; title: string; description: string }) {
  return (
    <div className="coming-soon">
      <span className="settings-link__icon" aria-hidden="true">
        {icon}
      </span>
      <span className="settings-link__text">
        <span className="settings-link__title">
          {title} <span className="coming-soon__badge">Coming soon</span>
        </span>
        <span className="settings-link__description">{description}</span>
      </span>
    </div>
  );
}
