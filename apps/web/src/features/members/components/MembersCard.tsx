import { ROLES, type TMember, type TRole } from '@slotwise/contracts';
import { useState } from 'react';
import { toast } from 'sonner';
import { describeApiError } from '../../../lib/api';
import { ROLE_LABELS } from '../../../lib/roles';
import { Alert } from '../../../ui/Alert';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Avatar } from '../../../ui/Avatar';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { Skeleton } from '../../../ui/Spinner';
import { useSession } from '../../../lib/session';
import { useMembers } from '../../../lib/members';
import { useChangeMemberRole, useRemoveMember } from '../api';
import { isLastOwnerError, LAST_OWNER_MESSAGE } from '../last-owner';
import { formatMediumDate } from '../../../lib/time';

/** The business's members; owners can change roles and remove people. */
export function MembersCard({ canManage }: { canManage: boolean }) {
  const members = useMembers();
  const count = members.data?.body.items.length;
  return (
    <Card title={count === undefined ? 'Team' : `Team (${count})`} className="members-card">
      {members.isPending ? (
        <MembersSkeleton />
      ) : members.isError ? (
        <ApiErrorState
          error={members.error}
          title="Members could not be loaded"
          onRetry={() => void members.refetch()}
          retrying={members.isFetching}
          headingLevel={3}
        />
      ) : (
        <MembersTable members={members.data.body.items} canManage={canManage} />
      )}
    </Card>
  );
}

function MembersTable({ members, canManage }: { members: TMember[]; canManage: boolean }) {
  const { user, tenant } = useSession();
  const changeRole = useChangeMemberRole();
  const removeMember = useRemoveMember();
  const [problem, setProblem] = useState<string | null>(null);
  const [removing, setRemoving] = useState<TMember | null>(null);

  function handleRoleChange(member: TMember, role: TRole) {
    setProblem(null);
    changeRole.mutate(
      { params: { id: member.id }, body: { role } },
      {
        onSuccess: () => toast.success(`${member.user.name} is now ${ROLE_LABELS[role].toLowerCase()}.`),
        onError: (error) => {
          if (isLastOwnerError(error)) setProblem(LAST_OWNER_MESSAGE);
          else toast.error(`${member.user.name}'s role was not changed: ${describeApiError(error)}`);
        },
      },
    );
  }

  function handleRemove(member: TMember) {
    removeMember.mutate(
      { params: { id: member.id } },
      {
        onSuccess: () => {
          toast.success(`${member.user.name} was removed from ${tenant.name}.`);
          setRemoving(null);
        },
      },
    );
  }

  const closeRemoveDialog = () => {
    setRemoving(null);
    removeMember.reset();
  };

  return (
    <>
      {problem && <Alert title="That change was not made">{problem}</Alert>}
      <table className="members-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            {canManage && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => {
            const isYou = member.user.id === user.id;
            return (
              <tr key={member.id}>
                <td className="members-table__name">
                  <div className="member-name">
                    <Avatar name={member.user.name} size="sm" />
                    <span className="member-name__text">{member.user.name}</span>
                    {isYou && <Badge tone="primary">You</Badge>}
                  </div>
                </td>
                <td className="members-table__email">{member.user.email}</td>
                <td className="members-table__role">
                  {canManage ? (
                    <select
                      className="members-table__role-select"
                      aria-label={`Role of ${member.user.name}`}
                      value={member.role}
                      onChange={(event) => handleRoleChange(member, event.target.value as TRole)}
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {ROLE_LABELS[role]}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <Badge>{ROLE_LABELS[member.role]}</Badge>
                  )}
                </td>
                <td className="members-table__joined">
                  <span className="members-table__joined-label">Joined </span>
                  <time dateTime={member.createdAt}>{formatMediumDate(member.createdAt)}</time>
                </td>
                {canManage && (
                  <td className="members-table__actions">
                    {!isYou && (
                      <Button variant="ghost" className="btn--small" aria-label={`Remove ${member.user.name}`} onClick={() => setRemoving(member)}>
                        Remove
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.user.name ?? ''}?`}
        confirmLabel="Remove member"
        busy={removeMember.isPending}
        error={removeMember.error && <Alert>{isLastOwnerError(removeMember.error) ? LAST_OWNER_MESSAGE : describeApiError(removeMember.error)}</Alert>}
        onConfirm={() => removing && handleRemove(removing)}
        onCancel={closeRemoveDialog}
      >
        <p>
          {removing?.user.name} ({removing?.user.email}) will no longer be able to sign in to {tenant.name}. You can invite them again later.
        </p>
      </ConfirmDialog>
    </>
  );
}

function MembersSkeleton() {
  return (
    <div className="members-skeleton" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading members…
      </span>
      {[72, 58, 64].map((width) => (
        <div key={width} className="members-skeleton__row">
          <Skeleton width="28px" height="28px" className="skeleton--round" />
          <Skeleton width={`${width}%`} />
        </div>
      ))}
    </div>
  );
}
