-- Jobs that failed for good are records people can see, not only log lines.

-- An email whose job ran out of retries stays in the log as FAILED with the reason (shown in the
-- booking's history); sentAt is only set once an email went out, which a later replay can still do.
ALTER TABLE "EmailLog" ALTER COLUMN "sentAt" DROP NOT NULL;
ALTER TABLE "EmailLog" ADD COLUMN "error" TEXT;
ALTER TABLE "EmailLog" ADD COLUMN "failedAt" TIMESTAMPTZ(3);
ALTER TABLE "EmailLog" DROP CONSTRAINT "EmailLog_status_check";
ALTER TABLE "EmailLog" ADD CONSTRAINT "EmailLog_status_check" CHECK (
    ("status" = 'SENT' AND "sentAt" IS NOT NULL) OR ("status" = 'FAILED' AND "failedAt" IS NOT NULL AND "error" IS NOT NULL)
);

-- Every job of any queue that failed its last retry, for operators (GET /ops/failed-jobs): what
-- failed (queue and payload), why (the last error) and whether it was replayed. Written by the
-- worker of pg-boss's dead-letter queue, once per failed job. Platform data, across tenants;
-- tenantId is the payload's, without a foreign key, so a record outlives its tenant.
CREATE TABLE "FailedJob" (
    "id" UUID NOT NULL,
    "queue" TEXT NOT NULL,
    "jobId" UUID NOT NULL,
    "tenantId" UUID,
    "data" JSONB NOT NULL,
    "error" TEXT NOT NULL,
    "retryCount" INTEGER NOT NULL,
    "failedAt" TIMESTAMPTZ(3) NOT NULL,
    "replayedAt" TIMESTAMPTZ(3),
    "replayJobId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FailedJob_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "FailedJob_jobId_key" ON "FailedJob"("jobId");
CREATE INDEX "FailedJob_failedAt_idx" ON "FailedJob"("failedAt");
