-- The revenue view (GET /v1/insights) reads each figure over a time range of one tenant; these
-- are the ranges no index served yet: bookings by creation, refunds by when they settled, and
-- deposits by when their balance was paid — the same index finds the deposits whose balance is
-- still due (balancePaidAt IS NULL), few beside all payments. Bookings by start, payments by
-- paidAt and disputes by closedAt already have theirs.
CREATE INDEX "Booking_tenantId_createdAt_idx" ON "Booking"("tenantId", "createdAt");
CREATE INDEX "Payment_tenantId_kind_balancePaidAt_idx" ON "Payment"("tenantId", "kind", "balancePaidAt");
CREATE INDEX "Refund_tenantId_settledAt_idx" ON "Refund"("tenantId", "settledAt");
