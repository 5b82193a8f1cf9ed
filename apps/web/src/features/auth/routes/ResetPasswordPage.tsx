import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useResetPassword } from '../api';
import { LinkNoLongerValid } from '../components/LinkNoLongerValid';
import { LinkPasswordForm } from '../components/LinkPasswordForm';

/** From the emailed reset link: a new password, then sign in with it (every session of the account has ended). */
export function ResetPasswordPage() {
  useDocumentTitle('Choose a new password');
  const navigate = useNavigate();
  const reset = useResetPassword();
  return (
    <LinkPasswordForm
      title="Choose a new password"
      intro="Setting it signs your account out on every device."
      label="New password"
      submitLabel="Set new password"
      pendingLabel="Saving…"
      expired={
        <LinkNoLongerValid to="/forgot-password" action="Send a new link">
          A reset link works once, for 30 minutes. Ask for a new one and use the newest email.
        </LinkNoLongerValid>
      }
      pending={reset.isPending}
      onSubmit={(body, onError) =>
        reset.mutate(
          { body },
          {
            onSuccess: () => {
              toast.success('Your password is changed, and you are signed out everywhere. Sign in with the new one.');
              void navigate('/login', { replace: true });
            },
            onError,
          },
        )
      }
    />
  );
}
