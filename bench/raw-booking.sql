-- The raw booking transaction, the ceiling the API's booking creation is compared with.
-- A pgbench script template: bench/raw.ts replaces {{tenant_id}}, {{resource_id}},
-- {{service_id}} and {{customer_id}} with the id expressions of bench/plan.ts (derived from
-- :t) and passes -D tenants, clients, base (epoch seconds of the first day) and seq=0.
--
-- Each client numbers its transactions (seq persists per client across transactions), so
-- g = seq * clients + client_id is unique in the run: tenants round-robin, then the free
-- evening hours (16:00–23:00 UTC), then days. No two transactions ever want the same slot.
\set seq :seq + 1
\set g :seq * :clients + :client_id
\set t 1 + :g % :tenants
\set round :g / :tenants
\set slot :base + 86400 * (:round / 8) + 3600 * (16 + :round % 8)

BEGIN;
-- 1. Serialise writers of this resource's calendar (as bookings.repo lockResources).
SELECT id FROM "Resource"
 WHERE "tenantId" = {{tenant_id}} AND id = ANY(ARRAY[{{resource_id}}]) AND active
 ORDER BY id FOR UPDATE;
-- 2. The overlap check: active bookings whose blocked range meets the new one (as availability.repo busy).
SELECT id, "resourceId", "startsAt", lower("blockedRange") AS start, upper("blockedRange") AS "end"
  FROM "Booking"
 WHERE "tenantId" = {{tenant_id}}
   AND "resourceId" = ANY(ARRAY[{{resource_id}}])
   AND "deletedAt" IS NULL
   AND (status = 'CONFIRMED' OR (status = 'PENDING_PAYMENT' AND "holdExpiresAt" > now()))
   AND "blockedRange" && tstzrange(to_timestamp(:slot::bigint), to_timestamp(:slot::bigint + 3600), '[)');
-- 3. The booking; the trigger sets blockedRange and the exclusion constraint checks it.
INSERT INTO "Booking" (id, "tenantId", "serviceId", "resourceId", "customerId", "startsAt", "endsAt",
                       "bufferBeforeMin", "bufferAfterMin", "timeZone", status, "holdExpiresAt", "priceMinor",
                       currency, notes, source, "createdAt", "updatedAt")
VALUES (gen_random_uuid(), {{tenant_id}}, {{service_id}}, {{resource_id}}, {{customer_id}},
        to_timestamp(:slot::bigint), to_timestamp(:slot::bigint + 3600), 0, 0, 'UTC', 'CONFIRMED', NULL, 0,
        'EUR', NULL, 'PUBLIC', now(), now())
RETURNING id AS booking_id \gset
-- 4. The audit row, in the same transaction (as platform/audit record).
INSERT INTO "AuditLog" (id, "tenantId", "actorType", "actorId", action, "resourceType", "resourceId", changes,
                        ip, "userAgent", "requestId", "correlationId", "createdAt")
VALUES (gen_random_uuid(), {{tenant_id}}, 'customer', NULL, 'booking.created', 'booking', :booking_id,
        jsonb_build_object('before', '{}'::jsonb, 'after', jsonb_build_object(
          'status', 'CONFIRMED', 'startsAt', to_timestamp(:slot::bigint), 'endsAt', to_timestamp(:slot::bigint + 3600),
          'resourceId', {{resource_id}}, 'serviceId', {{service_id}}, 'source', 'PUBLIC')),
        '127.0.0.1', 'pgbench', 'pgbench-' || :g::text, 'pgbench-' || :g::text, now());
COMMIT;
