import type { TAuditEntry } from '@slotwise/contracts';

/** Every action the API records, in words; unknown ones are shown as they come. */
export const AUDIT_ACTIONS: Record<string, string> = {
  'tenant.created': 'created the business',
  'tenant.updated': 'changed the business settings',
  'invitation.created': 'invited someone',
  'invitation.accepted': 'accepted an invitation',
  'invitation.revoked': 'revoked an invitation',
  'invitation.resent': 'sent an invitation again',
  'member.role_changed': "changed a member's role",
  'member.removed': 'removed a member',
  'resource.created': 'added a resource',
  'resource.updated': 'changed a resource',
  'resource.hours_updated': 'changed weekly hours',
  'resource.override_set': 'set hours for a date',
  'resource.override_deleted': 'removed a date override',
  'blackout.created': 'added a closure',
  'blackout.deleted': 'removed a closure',
  'service.created': 'added a service',
  'service.updated': 'changed a service',
  'service.archived': 'archived a service',
  'service.restored': 'restored a service',
  'customer.created': 'added a customer',
  'customer.updated': 'changed a customer',
  'customer.deleted': 'deleted a customer',
  'booking.created': 'made a booking',
  'booking.updated': 'changed a booking',
  'booking.rescheduled': 'rescheduled a booking',
  'booking.cancelled': 'cancelled a booking',
  'booking.completed': 'marked a booking completed',
  'booking.no_show': 'marked a booking as a no-show',
  'booking.confirmed': 'confirmed a booking',
  'booking.expired': 'let an unpaid hold expire',
};

export const RESOURCE_TYPES: Record<string, string> = {
  booking: 'Bookings',
  customer: 'Customers',
  service: 'Services',
  resource: 'Resources',
  blackout: 'Closures',
  tenant: 'Business settings',
  member: 'Members',
  invitation: 'Invitations',
};

const ACTOR_TYPE_NAMES: Record<TAuditEntry['actorType'], string> = {
  user: 'A former member',
  system: 'Slotwise',
  customer: 'The customer',
  stripe: 'Stripe',
  google: 'Google Calendar',
};

/** Who did it: a member's name when the log names one we know. */
export function actorName(entry: TAuditEntry, members: ReadonlyMap<string, string>): string {
  if (entry.actorType === 'user' && entry.actorId) return members.get(entry.actorId) ?? ACTOR_TYPE_NAMES.user;
  return ACTOR_TYPE_NAMES[entry.actorType];
}

export function actionLabel(action: string): string {
  return AUDIT_ACTIONS[action] ?? action;
}

/** The name of what changed, when the recorded values carry one. */
export function subjectName(entry: TAuditEntry): string | undefined {
  const name = entry.changes?.after.name ?? entry.changes?.before.name;
  if (typeof name === 'string') return name;
  const reason = entry.changes?.after.reason ?? entry.changes?.before.reason;
  if (typeof reason === 'string') return reason;
  const date = entry.metadata?.date;
  return typeof date === 'string' ? date : undefined;
}

/** Where the thing lives in the dashboard, when it has a page. */
export function subjectLink(entry: TAuditEntry): string | undefined {
  if (entry.action === 'service.archived') return undefined;
  switch (entry.resourceType) {
    case 'service':
      return `/services/${entry.resourceId}`;
    case 'resource':
      return `/services/resources/${entry.resourceId}`;
    case 'customer':
      return entry.action === 'customer.deleted' ? undefined : `/customers/${entry.resourceId}`;
    default:
      return undefined;
  }
}

export type Change = { field: string; before: string; after: string };

/**
 * The fields whose value differs between before and after, as text. `kind` says whether the
 * entry created something (nothing before), removed it (nothing after) or changed it.
 */
export function changedFields(
  entry: TAuditEntry,
  /** Names for ids the entry mentions (resources, members), where known. */
  names: ReadonlyMap<string, string> = new Map(),
): { kind: 'created' | 'removed' | 'changed'; changes: Change[] } {
  if (!entry.changes) return { kind: 'changed', changes: [] };
  const { before, after } = entry.changes;
  const kind = Object.keys(before).length === 0 ? 'created' : Object.keys(after).length === 0 ? 'removed' : 'changed';
  const currency = typeof (after.currency ?? before.currency) === 'string' ? String(after.currency ?? before.currency) : undefined;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changes = fields
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({
      field: fieldLabel(field),
      before: formatField(field, before[field], currency, names),
      after: formatField(field, after[field], currency, names),
    }));
  return { kind, changes };
}

/** Names people use for the fields the API records. */
const FIELD_LABELS: Record<string, string> = {
  priceMinor: 'Price',
  durationMin: 'Duration (minutes)',
  bufferBeforeMin: 'Buffer before (minutes)',
  bufferAfterMin: 'Buffer after (minutes)',
  minNoticeMin: 'Minimum notice (minutes)',
  maxAdvanceDays: 'Bookable up to (days ahead)',
  slotIntervalMin: 'Start times every (minutes)',
  maxPerDay: 'Most bookings per day',
  requiresPayment: 'Payment required',
  resourceIds: 'Resources',
  active: 'Bookable',
  userId: 'Linked member',
  timeZone: 'Time zone',
  startsAt: 'Starts',
  endsAt: 'Ends',
  deletedAt: 'Archived at',
  cancellationCutoffHours: 'Cancellation cutoff (hours)',
  holdMinutes: 'Payment hold (minutes)',
  auditRetentionDays: 'Audit log kept (days)',
  brandDisplayName: 'Display name',
  brandAccentColor: 'Accent colour',
  brandLogoUrl: 'Logo URL',
};

/** "bufferBeforeMin" → "Buffer before min", unless it has a name of its own. */
function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const words = field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function formatField(field: string, value: unknown, currency: string | undefined, names: ReadonlyMap<string, string>): string {
  if (field === 'priceMinor' && typeof value === 'number' && currency) {
    try {
      const formatter = new Intl.NumberFormat(undefined, { style: 'currency', currency });
      return formatter.format(value / 10 ** (formatter.resolvedOptions().maximumFractionDigits ?? 2));
    } catch {
      // An unknown currency code: the plain number below.
    }
  }
  if (field === 'hours' || field === 'ranges') return formatValue(value);
  if (typeof value === 'string' && names.has(value)) return names.get(value)!;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.length === 0 ? '—' : value.map((item) => names.get(item) ?? item).join(', ');
  }
  return formatValue(value);
}

export function formatValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  // Emails and phone numbers are kept as keyed hashes, comparable but unreadable.
  if (typeof value === 'string' && value.startsWith('hmac:')) return 'Changed (personal data, not stored)';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((item) => isRange(item))) {
    return value.length === 0 ? 'Closed' : value.map(formatRangeLike).join(', ');
  }
  return JSON.stringify(value);
}

function isRange(value: unknown): value is { start: string; end: string; weekday?: number } {
  return typeof value === 'object' && value !== null && 'start' in value && 'end' in value;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
function formatRangeLike(range: { start: string; end: string; weekday?: number }): string {
  const day = range.weekday === undefined ? '' : `${WEEKDAYS[range.weekday] ?? range.weekday} `;
  return `${day}${range.start}–${range.end}`;
}
