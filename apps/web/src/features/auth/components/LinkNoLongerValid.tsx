import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { buttonClassName } from '../../../ui/Button';

/** What a used, expired or mangled emailed link shows, with the way to get a new one. */
export function LinkNoLongerValid({ children, to, action }: { children: ReactNode; to: string; action: string }) {
  return (
    <>
      <div className="auth-card__intro">
        <h1 className="auth-card__title">This link is no longer valid</h1>
        <p className="auth-card__text">{children}</p>
      </div>
      <Link to={to} className={buttonClassName('primary')}>
        {action}
      </Link>
    </>
  );
}
