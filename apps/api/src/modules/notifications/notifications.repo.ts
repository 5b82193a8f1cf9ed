import type { TenantDb } from '../../platform/tenancy';
import { requireTenantId } from '../../platform/tenancy';

export type EmailLogEntry = {
  bookingId: string | null;
  kind: string;
  dedupeKey: string;
  recipient: string;
  messageId: string | null;
  sentAt: Date;
};

/** The log of sent emails, for the tenant in the request context. */
export function createNotificationsRepo(db: TenantDb) {
  return {
    wasSent: async (dedupeKey: string) => (await db.emailLog.count({ where: { dedupeKey } })) > 0,

    /** Records a sent email; a row for the same key (a concurrent duplicate) is left as it is. */
    recordSent: (entry: EmailLogEntry) =>
      db.emailLog.createMany({ data: [{ ...entry, tenantId: requireTenantId(), status: 'SENT' }], skipDuplicates: true }),
  };
}
