-- Staff see who asked for a refund and who recorded a deposit's balance by name: both columns
-- point at the user (kept when the user goes: the name is then unknown, the money record stays).
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_requestedByUserId_fkey"
    FOREIGN KEY ("requestedByUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_balanceRecordedBy_fkey"
    FOREIGN KEY ("balanceRecordedBy") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
