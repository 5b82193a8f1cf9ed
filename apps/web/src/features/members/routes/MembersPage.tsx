import { Link } from 'react-router';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ChevronLeftIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { useSession } from '../../../lib/session';
import { InvitationsCard } from '../components/InvitationsCard';
import { InviteCard } from '../components/InviteCard';
import { MembersCard } from '../components/MembersCard';
import '../members.css';

/** Settings → Members: who can sign in to the business. Owners manage it; everyone else reads it. */
export function MembersPage() {
  useDocumentTitle('Members');
  const { role, tenant } = useSession();
  const isOwner = role === 'OWNER';
  return (
    <>
      <Link to="/settings" className="back-link">
        <ChevronLeftIcon size={16} />
        Settings
      </Link>
      <PageHeader
        title="Members"
        description={
          isOwner
            ? `Invite your team to ${tenant.name} and choose what each person can do.`
            : `The people who work at ${tenant.name}. Only owners can invite people or change roles.`
        }
      />
      <div className="members-page">
        <MembersCard canManage={isOwner} />
        {isOwner && (
          <div className="members-page__columns">
            <InviteCard />
            <InvitationsCard />
          </div>
        )}
      </div>
    </>
  );
}
