import { Link } from 'react-router';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';

/** Placeholder until sign-up exists; creating a business and its owner comes with the auth feature. */
export function SignupPage() {
  useDocumentTitle('Create your account');
  return (
    <>
      <h1 className="auth-card__title">Create your Slotwise account</h1>
      <p className="auth-card__text">
        Setting up your business and taking your first online booking will start here. Sign-up is coming soon.
      </p>
      <p className="auth-card__footer">
        Already have an account? <Link to="/login">Sign in</Link>
      </p>
    </>
  );
}
