-- Payments (issue #14): the tenant's Stripe connected account, one payment per paid booking
-- (a direct charge through Checkout), and every Stripe event stored once.

CREATE TYPE "PaymentAccountStatus" AS ENUM ('ONBOARDING', 'ACTIVE', 'RESTRICTED', 'DISCONNECTED');

CREATE TABLE "PaymentAccount" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "stripeAccountId" TEXT NOT NULL,
    "status" "PaymentAccountStatus" NOT NULL,
    "chargesEnabled" BOOLEAN NOT NULL DEFAULT false,
    "payoutsEnabled" BOOLEAN NOT NULL DEFAULT false,
    "detailsSubmitted" BOOLEAN NOT NULL DEFAULT false,
    "requirements" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "disabledReason" TEXT,
    "syncedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "PaymentAccount_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PaymentAccount_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "PaymentAccount_tenantId_key" ON "PaymentAccount"("tenantId");
CREATE UNIQUE INDEX "PaymentAccount_stripeAccountId_key" ON "PaymentAccount"("stripeAccountId");

CREATE TYPE "PaymentStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'EXPIRED', 'REFUND_PENDING', 'REFUNDED');

-- Lets the payment's foreign key prove it belongs to the same tenant as its booking.
CREATE UNIQUE INDEX "Booking_tenantId_id_key" ON "Booking"("tenantId", "id");

CREATE TABLE "Payment" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "bookingId" UUID NOT NULL,
    "stripeAccountId" TEXT NOT NULL,
    "checkoutSessionId" TEXT NOT NULL,
    "checkoutUrl" TEXT NOT NULL,
    "paymentIntentId" TEXT,
    "chargeId" TEXT,
    "status" "PaymentStatus" NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "applicationFeeMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "cardBrand" TEXT,
    "cardLast4" TEXT,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "lastFailureMessage" TEXT,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "paidAt" TIMESTAMPTZ(3),
    "refundId" TEXT,
    "refundedAt" TIMESTAMPTZ(3),
    "refundReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Payment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE,
    CONSTRAINT "Payment_booking_fkey" FOREIGN KEY ("tenantId", "bookingId") REFERENCES "Booking"("tenantId", "id"),
    CONSTRAINT "Payment_amount" CHECK ("amountMinor" > 0),
    CONSTRAINT "Payment_fee" CHECK ("applicationFeeMinor" >= 0 AND "applicationFeeMinor" <= "amountMinor"),
    CONSTRAINT "Payment_failed_attempts" CHECK ("failedAttempts" >= 0),
    CONSTRAINT "Payment_card_last4" CHECK ("cardLast4" IS NULL OR "cardLast4" ~ '^[0-9]{4}$'),
    CONSTRAINT "Payment_paid" CHECK ("status" NOT IN ('SUCCEEDED', 'REFUND_PENDING', 'REFUNDED') OR ("paidAt" IS NOT NULL AND "paymentIntentId" IS NOT NULL)),
    CONSTRAINT "Payment_refunded" CHECK ("status" <> 'REFUNDED' OR "refundedAt" IS NOT NULL)
);
CREATE UNIQUE INDEX "Payment_bookingId_key" ON "Payment"("bookingId");
CREATE UNIQUE INDEX "Payment_checkoutSessionId_key" ON "Payment"("checkoutSessionId");
CREATE UNIQUE INDEX "Payment_paymentIntentId_key" ON "Payment"("paymentIntentId");
CREATE INDEX "Payment_tenantId_createdAt_idx" ON "Payment"("tenantId", "createdAt");
CREATE INDEX "Payment_tenantId_status_idx" ON "Payment"("tenantId", "status");

CREATE TYPE "StripeEventStatus" AS ENUM ('RECEIVED', 'PROCESSED', 'IGNORED', 'FAILED');

-- Platform data across tenants (no tenant foreign key: the record outlives its tenant).
CREATE TABLE "StripeEvent" (
    "id" UUID NOT NULL,
    "stripeEventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "account" TEXT,
    "endpoint" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "tenantId" UUID,
    "payload" JSONB NOT NULL,
    "status" "StripeEventStatus" NOT NULL DEFAULT 'RECEIVED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMPTZ(3),
    CONSTRAINT "StripeEvent_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "StripeEvent_endpoint" CHECK ("endpoint" IN ('platform', 'connect'))
);
CREATE UNIQUE INDEX "StripeEvent_stripeEventId_key" ON "StripeEvent"("stripeEventId");
CREATE INDEX "StripeEvent_status_receivedAt_idx" ON "StripeEvent"("status", "receivedAt");
