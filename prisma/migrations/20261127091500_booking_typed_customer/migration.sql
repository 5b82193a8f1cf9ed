-- The customer's name and phone as typed on a booking. A public booking with a known email is
-- attached to that customer without changing the record (an anonymous caller must not rewrite
-- it); what they typed stays on the booking, where staff see it beside the record.
ALTER TABLE "Booking" ADD COLUMN "customerName" TEXT, ADD COLUMN "customerPhone" TEXT;
