import { useState } from 'react';
import { Link } from 'react-router';
import { apiErrorStatus, describeApiError } from '../../../lib/api';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Alert } from '../../../ui/Alert';
import { Button, buttonClassName } from '../../../ui/Button';
import { useVerifyEmail } from '../api';
import { LinkNoLongerValid } from '../components/LinkNoLongerValid';
import { useLinkToken } from '../link-token';

/**
 * From the emailed verification link. Verifying takes a click rather than happening on load,
 * so a mail scanner that opens links does not use the link up, and a reload changes nothing.
 */
export function VerifyEmailPage() {
  useDocumentTitle('Verify your email address');
  const token = useLinkToken();
  const verify = useVerifyEmail();
  const [error, setError] = useState<string | null>(null);

  const gone = verify.isError && apiErrorStatus(verify.error) === 404;
  if (!token || gone) {
    return (
      <LinkNoLongerValid to="/" action="Open Slotwise">
        A verification link works once, for 3 days. If your address is not verified yet, the dashboard offers to send a new link.
      </LinkNoLongerValid>
    );
  }

  if (verify.isSuccess) {
    return (
      <>
        <div className="auth-card__intro">
          <h1 className="auth-card__title">Your email address is verified</h1>
          <p className="auth-card__text" role="status">
            Thank you. Your businesses can take payments once they are set up for it.
          </p>
        </div>
        <Link to="/" className={buttonClassName('primary')}>
          Open Slotwise
        </Link>
      </>
    );
  }

  return (
    <>
      <div className="auth-card__intro">
        <h1 className="auth-card__title">Verify your email address</h1>
        <p className="auth-card__text">Confirm that this address is yours.</p>
      </div>
      {error && <Alert>{error}</Alert>}
      <Button
        variant="primary"
        busy={verify.isPending}
        onClick={() => {
          setError(null);
          verify.mutate({ body: { token } }, { onError: (failure) => apiErrorStatus(failure) !== 404 && setError(describeApiError(failure)) });
        }}
      >
        {verify.isPending ? 'Verifying…' : 'Verify my email address'}
      </Button>
    </>
  );
}
