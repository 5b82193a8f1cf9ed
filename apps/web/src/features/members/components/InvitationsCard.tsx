import type { z } from 'zod';
import type { ZInvitation } from '@slotwise/contracts';
import { toast } from 'sonner';
import { describeApiError } from '../../../lib/api';
import { ROLE_LABELS } from '../../../lib/roles';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { MailIcon } from '../../../ui/icons';
import { Skeleton } from '../../../ui/Spinner';
import { useInvitations, useResendInvitation, useRevokeInvitation } from '../api';
import { formatMediumDate } from '../../../lib/time';

type Invitation = z.infer<typeof ZInvitation>;

/** Invitations nobody has accepted yet; owners can email them again or revoke them. */
export function InvitationsCard() {
  const invitations = useInvitations();
  return (
    <Card title="Pending invitations">
      {invitations.isPending ? (
        <div className="invitation-skeleton" aria-busy="true">
          <span className="visually-hidden" role="status">
            Loading invitations…
          </span>
          <Skeleton width="80%" />
          <Skeleton width="60%" />
        </div>
      ) : invitations.isError ? (
        <ApiErrorState
          error={invitations.error}
          title="Invitations could not be loaded"
          onRetry={() => void invitations.refetch()}
          retrying={invitations.isFetching}
          headingLevel={3}
        />
      ) : invitations.data.body.items.length === 0 ? (
        <div className="invitations-empty">
          <span className="invitations-empty__icon" aria-hidden="true">
            <MailIcon size={20} />
          </span>
          <p>No pending invitations. People you invite show up here until they accept.</p>
        </div>
      ) : (
        <InvitationList invitations={invitations.data.body.items} />
      )}
    </Card>
  );
}

function InvitationList({ invitations }: { invitations: Invitation[] }) {
  const revoke = useRevokeInvitation();
  const revokeInvitation = (invitation: Invitation) =>
    revoke.mutate(
      { params: { id: invitation.id } },
      {
        onSuccess: () => toast.success(`The invitation for ${invitation.email} was revoked.`),
        onError: (error) => toast.error(`The invitation was not revoked: ${describeApiError(error)}`),
      },
    );
  const resend = useResendInvitation();
  const resendInvitation = (invitation: Invitation) =>
    resend.mutate(
      { params: { id: invitation.id } },
      {
        onSuccess: () => toast.success(`A new link was emailed to ${invitation.email}; the previous one no longer works.`),
        onError: (error) => toast.error(`The invitation was not sent again: ${describeApiError(error)}`),
      },
    );

  return (
    <ul className="invitation-list" aria-label="Pending invitations">
      {invitations.map((invitation) => (
        <li key={invitation.id} className="invitation">
          <div className="invitation__text">
            <span className="invitation__email">{invitation.email}</span>
            <span className="invitation__meta">
              <Badge>{ROLE_LABELS[invitation.role]}</Badge>
              <span>
                Expires <time dateTime={invitation.expiresAt}>{formatMediumDate(invitation.expiresAt)}</time>
              </span>
            </span>
          </div>
          <div className="invitation__actions">
            <Button
              variant="ghost"
              className="btn--small"
              aria-label={`Email the invitation for ${invitation.email} again`}
              busy={resend.isPending && resend.variables.params.id === invitation.id}
              onClick={() => resendInvitation(invitation)}
            >
              Resend
            </Button>
            <Button
              variant="ghost"
              className="btn--small"
              aria-label={`Revoke the invitation for ${invitation.email}`}
              busy={revoke.isPending && revoke.variables.params.id === invitation.id}
              onClick={() => revokeInvitation(invitation)}
            >
              Revoke
            </Button>
          </div>
        </li>
      ))}
    </ul>
  );
}
