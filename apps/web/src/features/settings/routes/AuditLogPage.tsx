import type { TAuditEntry } from '@slotwise/contracts';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useFilterParams } from '../../../lib/useFilterParams';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { SelectField, TextField } from '../../../ui/Field';
import { ChevronLeftIcon, HistoryIcon, LockIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { TableSkeleton } from '../../../ui/Spinner';
import { useSession } from '../../../lib/session';
import { useMembers } from '../../../lib/members';
import { useResources } from '../../../lib/catalog';
import { useAuditLog, type AuditFilters } from '../api';
import { actionLabel, actorName, AUDIT_ACTIONS, changedFields, RESOURCE_TYPES, subjectLink, subjectName } from '../audit-format';
import '../../../ui/DataTable.css';
import './AuditLogPage.css';
import { addDays, formatMediumDateTime, isIsoDate, startOfDayInZone } from '../../../lib/time';

const ACTOR_TYPES = [
  ['system', 'Slotwise (automatic)'],
  ['customer', 'Customers'],
  ['stripe', 'Stripe'],
  ['google', 'Google Calendar'],
] as const;

/** Settings → Audit log: who changed what and when, newest first. Admins and owners. */
export function AuditLogPage() {
  useDocumentTitle('Audit log');
  const { role } = useSession();
  const allowed = role === 'OWNER' || role === 'ADMIN';
  return (
    <>
      <Link to="/settings" className="back-link">
        <ChevronLeftIcon size={16} />
        Settings
      </Link>
      <PageHeader title="Audit log" description="Every change in your business: who made it, when, and what it was before." />
      {allowed ? (
        <AuditLog />
      ) : (
        <Card>
          <EmptyState icon={<LockIcon size={24} />} title="You don't have access to this" description="Admins and owners can read the audit log." />
        </Card>
      )}
    </>
  );
}

function AuditLog() {
  const { tenant } = useSession();
  const { params, setFilter, clearFilters } = useFilterParams();
  const members = useMembers();
  const resources = useResources({ includeInactive: true });
  const memberNames = useMemo(() => new Map((members.data?.body.items ?? []).map((member) => [member.user.id, member.user.name])), [members.data]);
  // Ids in recorded values (a service's resources, a resource's member) read better as names.
  const names = useMemo(
    () => new Map([...memberNames, ...(resources.data?.body.items ?? []).map((resource) => [resource.id, resource.name] as const)]),
    [memberNames, resources.data],
  );

  const fromDate = params.get('from') ?? '';
  const toDate = params.get('to') ?? '';
  const filters: AuditFilters = {
    ...(params.get('action') ? { action: params.get('action')! } : {}),
    ...(params.get('type') ? { resourceType: params.get('type')! } : {}),
    ...(params.get('actor') ? { actor: params.get('actor')! } : {}),
    ...(isIsoDate(fromDate) ? { from: startOfDayInZone(fromDate, tenant.timeZone) } : {}),
    // Inclusive: up to the start of the next day.
    ...(isIsoDate(toDate) ? { to: startOfDayInZone(addDays(toDate, 1), tenant.timeZone) } : {}),
  };
  const log = useAuditLog(filters);
  const entries = log.data?.pages.flatMap((page) => page.body.items) ?? [];
  const filtered = [...params.keys()].length > 0;

  return (
    <Card className="data-card audit-card">
      <form className="audit-filters" aria-label="Filter the audit log" onSubmit={(event) => event.preventDefault()}>
        <SelectField label="Action" value={params.get('action') ?? ''} onChange={(event) => setFilter('action', event.target.value)}>
          <option value="">All actions</option>
          {Object.entries(AUDIT_ACTIONS).map(([action, label]) => (
            <option key={action} value={action}>
              {label.charAt(0).toUpperCase() + label.slice(1)} ({action})
            </option>
          ))}
        </SelectField>
        <SelectField label="About" value={params.get('type') ?? ''} onChange={(event) => setFilter('type', event.target.value)}>
          <option value="">Everything</option>
          {Object.entries(RESOURCE_TYPES).map(([type, label]) => (
            <option key={type} value={type}>
              {label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Who" value={params.get('actor') ?? ''} onChange={(event) => setFilter('actor', event.target.value)}>
          <option value="">Anyone</option>
          <optgroup label="Members">
            {(members.data?.body.items ?? []).map((member) => (
              <option key={member.user.id} value={member.user.id}>
                {member.user.name}
              </option>
            ))}
          </optgroup>
          <optgroup label="Others">
            {ACTOR_TYPES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </optgroup>
        </SelectField>
        <TextField label="From" type="date" value={fromDate} max={toDate || undefined} onChange={(event) => setFilter('from', event.target.value)} />
        <TextField label="Until" type="date" value={toDate} min={fromDate || undefined} onChange={(event) => setFilter('to', event.target.value)} />
        {filtered && (
          <Button variant="ghost" className="audit-filters__clear" onClick={clearFilters}>
            Clear filters
          </Button>
        )}
      </form>
      {log.isPending ? (
        <TableSkeleton label="Loading the audit log…" widths={[80, 66, 74, 58]} />
      ) : !log.data ? (
        <ApiErrorState
          error={log.error}
          title="The audit log could not be loaded"
          onRetry={() => void log.refetch()}
          retrying={log.isFetching}
          headingLevel={3}
        />
      ) : entries.length === 0 ? (
        <EmptyState
          icon={<HistoryIcon size={24} />}
          title={filtered ? 'Nothing matches these filters' : 'Nothing recorded yet'}
          description={filtered ? 'Try a wider date range or another action.' : 'Changes to services, hours, bookings and settings appear here.'}
          headingLevel={3}
        />
      ) : (
        <>
          <ol className="audit-list" aria-label="Audit entries, newest first">
            {entries.map((entry) => (
              <AuditRow key={entry.id} entry={entry} who={actorName(entry, memberNames)} names={names} zone={tenant.timeZone} />
            ))}
          </ol>
          <div className="table-footer">
            <span>
              {entries.length} {entries.length === 1 ? 'entry' : 'entries'}
              {log.hasNextPage ? ' so far' : ''}
            </span>
            {log.isFetchNextPageError && <span role="alert">The next entries could not be loaded.</span>}
            {log.hasNextPage && (
              <Button busy={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                {log.isFetchingNextPage ? 'Loading…' : log.isFetchNextPageError ? 'Try again' : 'Load more'}
              </Button>
            )}
          </div>
        </>
      )}
    </Card>
  );
}

type AuditRowProps = { entry: TAuditEntry; who: string; names: ReadonlyMap<string, string>; zone: string };

function AuditRow({ entry, who, names, zone }: AuditRowProps) {
  const { kind, changes } = changedFields(entry, names);
  const subject = subjectName(entry);
  const link = subjectLink(entry);
  const when = new Date(entry.createdAt);
  return (
    <li className="audit-entry">
      <div className="audit-entry__line">
        <p className="audit-entry__summary">
          <strong>{who}</strong> {actionLabel(entry.action)}
          {subject && (
            <>
              {': '}
              {link ? <Link to={link}>{subject}</Link> : <span className="audit-entry__subject">{subject}</span>}
            </>
          )}
        </p>
        <time className="audit-entry__time" dateTime={entry.createdAt} title={when.toISOString()}>
          {formatMediumDateTime(when, zone)}
        </time>
      </div>
      <p className="audit-entry__meta">
        <code>{entry.action}</code>
        <span>
          {entry.resourceType} {entry.resourceId.slice(0, 8)}
        </span>
        {entry.requestId && <span title="Request id, for support">req {entry.requestId.slice(0, 12)}</span>}
      </p>
      {changes.length > 0 && (
        <details className="audit-entry__changes">
          <summary>
            {kind === 'changed'
              ? `${changes.length} ${changes.length === 1 ? 'change' : 'changes'}`
              : `${changes.length} recorded ${changes.length === 1 ? 'value' : 'values'}`}
          </summary>
          <table className="audit-diff">
            <thead>
              <tr>
                <th scope="col">Field</th>
                {kind !== 'created' && <th scope="col">{kind === 'removed' ? 'Value' : 'Before'}</th>}
                {kind !== 'removed' && <th scope="col">{kind === 'created' ? 'Value' : 'After'}</th>}
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.field}>
                  <th scope="row">{change.field}</th>
                  {kind !== 'created' && <td className={kind === 'changed' ? 'audit-diff__before' : undefined}>{change.before}</td>}
                  {kind !== 'removed' && <td className={kind === 'changed' ? 'audit-diff__after' : undefined}>{change.after}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </li>
  );
}
