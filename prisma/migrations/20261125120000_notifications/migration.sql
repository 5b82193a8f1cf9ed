-- Email notifications: one row per email sent, written once the SMTP server accepted it.
CREATE TABLE "EmailLog" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "bookingId" UUID,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SENT',
    "messageId" TEXT,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EmailLog_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "EmailLog_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE,
    CONSTRAINT "EmailLog_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE SET NULL,
    CONSTRAINT "EmailLog_status_check" CHECK ("status" IN ('SENT'))
);
-- The idempotency guarantee of the email job: one email per dedupe key and tenant.
CREATE UNIQUE INDEX "EmailLog_tenantId_dedupeKey_key" ON "EmailLog"("tenantId", "dedupeKey");
CREATE INDEX "EmailLog_tenantId_bookingId_idx" ON "EmailLog"("tenantId", "bookingId");
