-- The event id check of 20261204130000 used `{5,1024}`: PostgreSQL regular expressions allow
-- repetition counts up to 255 only, so every insert with an event id failed ("invalid repetition
-- count(s)"). The same rule, with the length checked apart.
ALTER TABLE "BookingCalendarEvent" DROP CONSTRAINT "BookingCalendarEvent_event_id";
ALTER TABLE "BookingCalendarEvent" ADD CONSTRAINT "BookingCalendarEvent_event_id"
  CHECK ("eventId" IS NULL OR ("eventId" ~ '^[a-v0-9]+$' AND char_length("eventId") BETWEEN 5 AND 1024));
