import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useConfirmSignup } from '../api';
import { LinkNoLongerValid } from '../components/LinkNoLongerValid';
import { LinkPasswordForm } from '../components/LinkPasswordForm';

/** Sign-up, step two, from the emailed link: choose a password; the business opens. */
export function FinishSignupPage() {
  useDocumentTitle('Finish creating your account');
  const navigate = useNavigate();
  const confirm = useConfirmSignup();
  return (
    <LinkPasswordForm
      title="Choose your password"
      intro="Your email address is confirmed. Choose a password to finish creating your account."
      label="Password"
      submitLabel="Create account"
      pendingLabel="Creating your account…"
      expired={
        <LinkNoLongerValid to="/signup" action="Sign up again">
          A sign-up link works once, for 24 hours. If you already finished, sign in; otherwise start again and we'll send a new one.
        </LinkNoLongerValid>
      }
      pending={confirm.isPending}
      onSubmit={(body, onError) =>
        confirm.mutate(
          { body },
          {
            onSuccess: ({ body: session }) => {
              toast.success(`Welcome to Slotwise! ${session.currentTenant?.name ?? 'Your business'} is ready.`);
              void navigate('/', { replace: true });
            },
            onError,
          },
        )
      }
    />
  );
}
