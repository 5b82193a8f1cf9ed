-- Money after the payment (issue #15): cancellation policies, deposits, refunds as rows with
-- their own status, disputes.

-- A new enum value cannot be used in the transaction that adds it; nothing below uses it.
ALTER TYPE "PaymentStatus" ADD VALUE 'PARTIALLY_REFUNDED' BEFORE 'REFUNDED';

CREATE TYPE "PaymentMode" AS ENUM ('FULL', 'DEPOSIT_FIXED', 'DEPOSIT_PERCENT');
CREATE TYPE "PaymentKind" AS ENUM ('FULL', 'DEPOSIT');
CREATE TYPE "PaymentMethod" AS ENUM ('CHECKOUT', 'SAVED_CARD');
CREATE TYPE "BalanceMethod" AS ENUM ('CASH', 'CARD_TERMINAL', 'OTHER');
CREATE TYPE "RefundStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED');
CREATE TYPE "RefundOrigin" AS ENUM ('STAFF', 'CANCELLATION_POLICY', 'SYSTEM', 'STRIPE_DASHBOARD');

ALTER TABLE "Tenant"
    ADD COLUMN "freeCancellationHours" INTEGER NOT NULL DEFAULT 24,
    ADD COLUMN "lateRefundPercent" INTEGER NOT NULL DEFAULT 0,
    ADD CONSTRAINT "Tenant_cancellation_policy" CHECK ("freeCancellationHours" BETWEEN 0 AND 1440 AND "lateRefundPercent" BETWEEN 0 AND 100);

ALTER TABLE "Service"
    ADD COLUMN "paymentMode" "PaymentMode" NOT NULL DEFAULT 'FULL',
    ADD COLUMN "depositMinor" INTEGER,
    ADD COLUMN "depositPercent" INTEGER,
    ADD COLUMN "freeCancellationHours" INTEGER,
    ADD COLUMN "lateRefundPercent" INTEGER,
    ADD CONSTRAINT "Service_deposit" CHECK (
        ("paymentMode" <> 'DEPOSIT_FIXED' OR ("depositMinor" IS NOT NULL AND "depositMinor" > 0 AND "depositMinor" < "priceMinor"))
        AND ("paymentMode" <> 'DEPOSIT_PERCENT' OR ("depositPercent" IS NOT NULL AND "depositPercent" BETWEEN 1 AND 99))),
    ADD CONSTRAINT "Service_cancellation_policy" CHECK (
        ("freeCancellationHours" IS NULL) = ("lateRefundPercent" IS NULL)
        AND ("freeCancellationHours" IS NULL OR ("freeCancellationHours" BETWEEN 0 AND 1440 AND "lateRefundPercent" BETWEEN 0 AND 100)));

ALTER TABLE "Payment"
    ADD COLUMN "kind" "PaymentKind" NOT NULL DEFAULT 'FULL',
    ADD COLUMN "method" "PaymentMethod" NOT NULL DEFAULT 'CHECKOUT',
    ALTER COLUMN "checkoutSessionId" DROP NOT NULL,
    ALTER COLUMN "checkoutUrl" DROP NOT NULL,
    ADD COLUMN "refundedMinor" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "feeRefundedMinor" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "balancePaidMinor" INTEGER,
    ADD COLUMN "balanceMethod" "BalanceMethod",
    ADD COLUMN "balancePaidAt" TIMESTAMPTZ(3),
    ADD COLUMN "balanceRecordedBy" UUID,
    ADD CONSTRAINT "Payment_checkout" CHECK ("method" <> 'CHECKOUT' OR ("checkoutSessionId" IS NOT NULL AND "checkoutUrl" IS NOT NULL)),
    -- Never more back than was paid, in money and in fee.
    ADD CONSTRAINT "Payment_refunded_amount" CHECK ("refundedMinor" >= 0 AND "refundedMinor" <= "amountMinor"),
    ADD CONSTRAINT "Payment_fee_refunded" CHECK ("feeRefundedMinor" >= 0 AND "feeRefundedMinor" <= "applicationFeeMinor"),
    ADD CONSTRAINT "Payment_balance" CHECK (
        ("balancePaidMinor" IS NULL) = ("balancePaidAt" IS NULL) AND ("balancePaidMinor" IS NULL) = ("balanceMethod" IS NULL)
        AND ("balancePaidMinor" IS NULL OR ("kind" = 'DEPOSIT' AND "balancePaidMinor" > 0)));

-- The paid-status check gains PARTIALLY_REFUNDED (compared as text: the new value is not usable yet).
ALTER TABLE "Payment" DROP CONSTRAINT "Payment_paid";
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_paid" CHECK (
    "status"::text NOT IN ('SUCCEEDED', 'REFUND_PENDING', 'PARTIALLY_REFUNDED', 'REFUNDED') OR ("paidAt" IS NOT NULL AND "paymentIntentId" IS NOT NULL));

CREATE INDEX "Payment_tenantId_paidAt_idx" ON "Payment"("tenantId", "paidAt");
-- Lets refunds and disputes prove they belong to their payment's tenant.
CREATE UNIQUE INDEX "Payment_tenantId_id_key" ON "Payment"("tenantId", "id");

CREATE TABLE "Refund" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "paymentId" UUID NOT NULL,
    "bookingId" UUID NOT NULL,
    "stripeRefundId" TEXT,
    "idempotencyKey" TEXT,
    "status" "RefundStatus" NOT NULL,
    "origin" "RefundOrigin" NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "applicationFeeRefundMinor" INTEGER NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "failureReason" TEXT,
    "requestedByUserId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "settledAt" TIMESTAMPTZ(3),
    CONSTRAINT "Refund_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Refund_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE,
    CONSTRAINT "Refund_payment_fkey" FOREIGN KEY ("tenantId", "paymentId") REFERENCES "Payment"("tenantId", "id"),
    CONSTRAINT "Refund_amount" CHECK ("amountMinor" > 0 AND "applicationFeeRefundMinor" >= 0),
    CONSTRAINT "Refund_settled" CHECK (("status" = 'PENDING') = ("settledAt" IS NULL)),
    CONSTRAINT "Refund_ours" CHECK ("origin" = 'STRIPE_DASHBOARD' OR "idempotencyKey" IS NOT NULL)
);
CREATE UNIQUE INDEX "Refund_stripeRefundId_key" ON "Refund"("stripeRefundId");
CREATE UNIQUE INDEX "Refund_idempotencyKey_key" ON "Refund"("idempotencyKey");
CREATE INDEX "Refund_tenantId_paymentId_idx" ON "Refund"("tenantId", "paymentId");
CREATE INDEX "Refund_tenantId_status_idx" ON "Refund"("tenantId", "status");
CREATE INDEX "Refund_tenantId_createdAt_idx" ON "Refund"("tenantId", "createdAt");

CREATE TABLE "Dispute" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "paymentId" UUID NOT NULL,
    "bookingId" UUID NOT NULL,
    "stripeDisputeId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "fundsWithdrawnMinor" INTEGER NOT NULL DEFAULT 0,
    "evidenceDueBy" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "syncedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Dispute_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Dispute_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE,
    CONSTRAINT "Dispute_payment_fkey" FOREIGN KEY ("tenantId", "paymentId") REFERENCES "Payment"("tenantId", "id"),
    CONSTRAINT "Dispute_status" CHECK ("status" IN ('warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'won', 'lost')),
    CONSTRAINT "Dispute_amount" CHECK ("amountMinor" > 0 AND "fundsWithdrawnMinor" >= 0)
);
CREATE UNIQUE INDEX "Dispute_stripeDisputeId_key" ON "Dispute"("stripeDisputeId");
CREATE INDEX "Dispute_tenantId_paymentId_idx" ON "Dispute"("tenantId", "paymentId");
CREATE INDEX "Dispute_tenantId_closedAt_idx" ON "Dispute"("tenantId", "closedAt");

-- Existing refunds (issue #14 kept one per payment on the payment row) become Refund rows.
INSERT INTO "Refund" ("id", "tenantId", "paymentId", "bookingId", "stripeRefundId", "idempotencyKey", "status", "origin",
                      "amountMinor", "applicationFeeRefundMinor", "currency", "reason", "createdAt", "updatedAt", "settledAt")
SELECT gen_random_uuid(), p."tenantId", p."id", p."bookingId", p."refundId", 'refund:' || p."id",
       CASE WHEN p."status" = 'REFUNDED' THEN 'SUCCEEDED'::"RefundStatus" ELSE 'PENDING'::"RefundStatus" END,
       'SYSTEM', p."amountMinor", p."applicationFeeMinor", p."currency", COALESCE(p."refundReason", 'Refunded'),
       COALESCE(p."refundedAt", p."updatedAt"), p."updatedAt", CASE WHEN p."status" = 'REFUNDED' THEN COALESCE(p."refundedAt", p."updatedAt") END
FROM "Payment" p WHERE p."status" IN ('REFUND_PENDING', 'REFUNDED');
UPDATE "Payment" SET "refundedMinor" = "amountMinor", "feeRefundedMinor" = "applicationFeeMinor" WHERE "status" = 'REFUNDED';
