import { Link } from 'react-router';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';

/** Placeholder until sign-in exists; the form and session handling come with the auth feature. */
export function LoginPage() {
  useDocumentTitle('Sign in');
  return (
    <>
      <h1 className="auth-card__title">Sign in to Slotwise</h1>
      <p className="auth-card__text">Signing in with your email and password is coming soon.</p>
      <p className="auth-card__footer">
        New to Slotwise? <Link to="/signup">Create an account</Link>
      </p>
    </>
  );
}
