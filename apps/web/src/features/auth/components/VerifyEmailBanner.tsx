import { toast } from 'sonner';
import { apiErrorStatus, describeApiError, tsr } from '../../../lib/api';
import '../../../ui/Alert.css';
import { Button } from '../../../ui/Button';
import { authKeys, useResendVerification } from '../api';
import { useSession } from '../../../lib/session';
import './VerifyEmailBanner.css';

/**
 * Above every dashboard page while the signed-in person's address is unverified (accounts from
 * before verification existed): they can use everything, but a business takes payments only
 * once its owner has verified, so ask, with a way to get a new link.
 */
export function VerifyEmailBanner() {
  const { user } = useSession();
  const resend = useResendVerification();
  const queryClient = tsr.useQueryClient();
  if (user.emailVerified) return null;

  function sendLink() {
    resend.mutate(
      {},
      {
        onSuccess: () => toast.success(`We sent a new link to ${user.email}. It works for 3 days.`),
        onError: (error) => {
          // Verified meanwhile (in another tab, from an older link): the banner goes once `me` says so.
          if (apiErrorStatus(error) === 409) void queryClient.invalidateQueries({ queryKey: authKeys.me(), exact: true });
          else toast.error(`Could not send the link: ${describeApiError(error)}`);
        },
      },
    );
  }

  return (
    <section className="alert alert--info verify-banner" aria-label="Verify your email address">
      <p className="alert__title">Verify your email address</p>
      <div className="alert__body verify-banner__body">
        <p>
          Follow the link we emailed to <strong>{user.email}</strong> to confirm the address is yours. A business can take payments only once its owner has
          verified.
        </p>
        <Button onClick={sendLink} busy={resend.isPending}>
          {resend.isPending ? 'Sending…' : 'Email me a new link'}
        </Button>
      </div>
    </section>
  );
}
