import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../ui/Button';

/** "Check your email", after a form whose next step is a link we emailed; `onRetry` goes back to the form. */
export function CheckEmail({ email, children, onRetry }: { email: string; children: ReactNode; onRetry: () => void }) {
  return (
    <>
      <div className="auth-card__intro">
        <h1 className="auth-card__title">Check your email</h1>
        <p className="auth-card__text" role="status">
          We sent an email to <strong>{email}</strong>.
        </p>
        <p className="auth-card__text">{children}</p>
        <p className="auth-card__text">Nothing there after a few minutes? Look in your spam folder, or check the address and try again.</p>
      </div>
      <Button onClick={onRetry}>Try again</Button>
      <p className="auth-card__footer">
        <Link to="/login">Back to sign in</Link>
      </p>
    </>
  );
}
