-- A second paid Checkout Session of a booking that has its payment already: refunded in full
-- automatically (payments.service settlePaid). One row per session, so however often Stripe's
-- events bring it, its money goes back once.
CREATE TABLE "DuplicatePayment" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "bookingId" UUID NOT NULL,
    "stripeAccountId" TEXT NOT NULL,
    "checkoutSessionId" TEXT NOT NULL,
    "paymentIntentId" TEXT NOT NULL,
    "status" "PaymentStatus" NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "applicationFeeMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "refundId" TEXT,
    "refundedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "DuplicatePayment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DuplicatePayment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE,
    CONSTRAINT "DuplicatePayment_booking_fkey" FOREIGN KEY ("tenantId", "bookingId") REFERENCES "Booking"("tenantId", "id"),
    CONSTRAINT "DuplicatePayment_amount" CHECK ("amountMinor" > 0),
    CONSTRAINT "DuplicatePayment_fee" CHECK ("applicationFeeMinor" >= 0 AND "applicationFeeMinor" <= "amountMinor"),
    -- Only money on its way back, or back.
    CONSTRAINT "DuplicatePayment_status" CHECK ("status" IN ('REFUND_PENDING', 'REFUNDED')),
    CONSTRAINT "DuplicatePayment_refunded" CHECK ("status" <> 'REFUNDED' OR "refundedAt" IS NOT NULL)
);

CREATE UNIQUE INDEX "DuplicatePayment_checkoutSessionId_key" ON "DuplicatePayment"("checkoutSessionId");
CREATE UNIQUE INDEX "DuplicatePayment_paymentIntentId_key" ON "DuplicatePayment"("paymentIntentId");
CREATE INDEX "DuplicatePayment_tenantId_bookingId_idx" ON "DuplicatePayment"("tenantId", "bookingId");
