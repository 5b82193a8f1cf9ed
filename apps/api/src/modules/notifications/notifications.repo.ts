import type { AppDeps } from '../../platform/deps';
import { statement } from '../../platform/sql';
import { requireTenantId } from '../../platform/tenancy';

export type EmailLogEntry = {
  bookingId: string | null;
  kind: string;
  dedupeKey: string;
  recipient: string;
};

// The two statements every email runs go through platform/sql (prepared, no Prisma): a burst
// sends thousands, and their cost showed in the job drain bench (ADR 006's reasoning).
const sentRow = statement(`SELECT 1 AS sent FROM "EmailLog" WHERE "tenantId" = $1::uuid AND "dedupeKey" = $2 AND status = 'SENT'`);
const insertSent = statement(`
  INSERT INTO "EmailLog" (id, "tenantId", "bookingId", kind, "dedupeKey", recipient, status, "messageId", "sentAt")
  VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3, $4, $5, 'SENT', $6, $7::timestamptz)
  ON CONFLICT ("tenantId", "dedupeKey") DO UPDATE
    SET status = 'SENT', recipient = EXCLUDED.recipient, "messageId" = EXCLUDED."messageId", "sentAt" = EXCLUDED."sentAt"
    WHERE "EmailLog".status <> 'SENT'`);

// A fan-out's emails (one booking's) are checked and recorded together: one statement each.
const sentKeysOf = statement(`SELECT "dedupeKey" FROM "EmailLog" WHERE "tenantId" = $1::uuid AND "dedupeKey" = ANY($2::text[]) AND status = 'SENT'`);
const insertSentMany = statement(`
  INSERT INTO "EmailLog" (id, "tenantId", "bookingId", kind, "dedupeKey", recipient, status, "messageId", "sentAt")
  SELECT gen_random_uuid(), $1::uuid, e."bookingId", e.kind, e."dedupeKey", e.recipient, 'SENT', e."messageId", e."sentAt"
  FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS e("bookingId", kind, "dedupeKey", recipient, "messageId", "sentAt")
  ON CONFLICT ("tenantId", "dedupeKey") DO UPDATE
    SET status = 'SENT', recipient = EXCLUDED.recipient, "messageId" = EXCLUDED."messageId", "sentAt" = EXCLUDED."sentAt"
    WHERE "EmailLog".status <> 'SENT'`);

/** The log of emails, sent or failed for good, for the tenant in the request context. */
export function createNotificationsRepo({ db, sql, audit }: Pick<AppDeps, 'db' | 'sql' | 'audit'>) {
  return {
    /** Only a SENT row means done: a FAILED one may still be sent by a replay. */
    wasSent: async (dedupeKey: string) => (await sql.query(sentRow(requireTenantId(), dedupeKey))).length > 0,

    /** Which of these keys are logged as sent. */
    sentKeys: async (dedupeKeys: string[]) =>
      new Set((await sql.query<{ dedupeKey: string }>(sentKeysOf(requireTenantId(), dedupeKeys))).map((r) => r.dedupeKey)),

    /** `recordSent` for several emails (distinct keys) in one statement. */
    recordSentMany: async (entries: (EmailLogEntry & { messageId: string; sentAt: Date })[]) => {
      if (!entries.length) return;
      const column = <K extends keyof (typeof entries)[number]>(k: K) => entries.map((e) => e[k]);
      await sql.query(
        insertSentMany(
          requireTenantId(),
          column('bookingId'),
          column('kind'),
          column('dedupeKey'),
          column('recipient'),
          column('messageId'),
          entries.map((e) => e.sentAt.toISOString()),
        ),
      );
    },

    /**
     * Records a sent email. A FAILED row for the key (a replay that worked) becomes SENT, keeping
     * when and why it had failed; a SENT row (a concurrent duplicate) is left as it is.
     */
    recordSent: (entry: EmailLogEntry & { messageId: string; sentAt: Date }) =>
      sql.query(insertSent(requireTenantId(), entry.bookingId, entry.kind, entry.dedupeKey, entry.recipient, entry.messageId, entry.sentAt.toISOString())),

    /**
     * Records that an email could not be sent after its last retry, and (for an email about a
     * booking) says so in the booking's history, in one transaction. Nothing when it was sent
     * after all (a duplicate job got through).
     */
    recordFailed: (entry: EmailLogEntry & { error: string; failedAt: Date }) =>
      db.$transaction(async (tx) => {
        const changed = await tx.$queryRaw<{ id: string }[]>`
          INSERT INTO "EmailLog" (id, "tenantId", "bookingId", kind, "dedupeKey", recipient, status, error, "failedAt")
          VALUES (gen_random_uuid(), ${requireTenantId()}::uuid, ${entry.bookingId}::uuid, ${entry.kind}, ${entry.dedupeKey}, ${entry.recipient},
                  'FAILED', ${entry.error}, ${entry.failedAt})
          ON CONFLICT ("tenantId", "dedupeKey") DO UPDATE
            SET status = 'FAILED', recipient = EXCLUDED.recipient, error = EXCLUDED.error, "failedAt" = EXCLUDED."failedAt"
            WHERE "EmailLog".status <> 'SENT'
          RETURNING id::text`;
        if (!changed.length || !entry.bookingId) return changed.length > 0;
        await audit.record(tx, {
          action: 'booking.email_failed',
          resourceType: 'booking',
          resourceId: entry.bookingId,
          actor: { type: 'system' },
          after: { kind: entry.kind, reason: entry.error },
        });
        return true;
      }),

    /** The booking's history says its emails could not be queued (the event job's last retry failed). */
    recordEventFailed: (e: { bookingId: string; event: string; reason: string }) =>
      audit.record(db, {
        action: 'booking.notifications_failed',
        resourceType: 'booking',
        resourceId: e.bookingId,
        actor: { type: 'system' },
        after: { event: e.event, reason: e.reason },
      }),
  };
}
