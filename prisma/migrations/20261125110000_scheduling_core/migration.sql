-- Scheduling core: resources, services, hours, overrides, blackouts, customers, bookings.
CREATE TYPE "BookingStatus" AS ENUM ('PENDING_PAYMENT', 'CONFIRMED', 'EXPIRED', 'CANCELLED', 'COMPLETED', 'NO_SHOW');
CREATE TYPE "BookingSource" AS ENUM ('PUBLIC', 'STAFF');

CREATE TABLE "Resource" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "userId" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Resource_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Resource_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE,
    CONSTRAINT "Resource_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL
);
CREATE INDEX "Resource_tenantId_name_idx" ON "Resource"("tenantId", "name");
-- Lets composite foreign keys below prove a row belongs to the same tenant as what it points to.
CREATE UNIQUE INDEX "Resource_tenantId_id_key" ON "Resource"("tenantId", "id");

CREATE TABLE "Service" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "durationMin" INTEGER NOT NULL,
    "priceMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "bufferBeforeMin" INTEGER NOT NULL DEFAULT 0,
    "bufferAfterMin" INTEGER NOT NULL DEFAULT 0,
    "minNoticeMin" INTEGER NOT NULL DEFAULT 60,
    "maxAdvanceDays" INTEGER NOT NULL DEFAULT 60,
    "slotIntervalMin" INTEGER NOT NULL,
    "maxPerDay" INTEGER,
    "requiresPayment" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "deletedAt" TIMESTAMPTZ(3),
    CONSTRAINT "Service_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Service_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE,
    CONSTRAINT "Service_durationMin_range" CHECK ("durationMin" BETWEEN 5 AND 1440),
    CONSTRAINT "Service_priceMinor_range" CHECK ("priceMinor" >= 0),
    CONSTRAINT "Service_buffers_range" CHECK ("bufferBeforeMin" BETWEEN 0 AND 720 AND "bufferAfterMin" BETWEEN 0 AND 720),
    CONSTRAINT "Service_notice_range" CHECK ("minNoticeMin" >= 0 AND "maxAdvanceDays" BETWEEN 1 AND 730),
    CONSTRAINT "Service_slotIntervalMin_range" CHECK ("slotIntervalMin" BETWEEN 5 AND 1440),
    CONSTRAINT "Service_maxPerDay_range" CHECK ("maxPerDay" IS NULL OR "maxPerDay" >= 1)
);
CREATE INDEX "Service_tenantId_name_idx" ON "Service"("tenantId", "name");
CREATE UNIQUE INDEX "Service_tenantId_id_key" ON "Service"("tenantId", "id");

CREATE TABLE "ServiceResource" (
    "tenantId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "resourceId" UUID NOT NULL,
    CONSTRAINT "ServiceResource_pkey" PRIMARY KEY ("serviceId", "resourceId"),
    CONSTRAINT "ServiceResource_service_fkey" FOREIGN KEY ("tenantId", "serviceId") REFERENCES "Service"("tenantId", "id") ON DELETE CASCADE,
    CONSTRAINT "ServiceResource_resource_fkey" FOREIGN KEY ("tenantId", "resourceId") REFERENCES "Resource"("tenantId", "id") ON DELETE CASCADE
);
CREATE INDEX "ServiceResource_tenantId_resourceId_idx" ON "ServiceResource"("tenantId", "resourceId");

CREATE TABLE "AvailabilityRule" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "resourceId" UUID NOT NULL,
    "weekday" INTEGER NOT NULL,
    "startTime" TEXT NOT NULL,
    "endTime" TEXT NOT NULL,
    CONSTRAINT "AvailabilityRule_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AvailabilityRule_resource_fkey" FOREIGN KEY ("tenantId", "resourceId") REFERENCES "Resource"("tenantId", "id") ON DELETE CASCADE,
    CONSTRAINT "AvailabilityRule_weekday_range" CHECK ("weekday" BETWEEN 0 AND 6),
    CONSTRAINT "AvailabilityRule_times" CHECK ("startTime" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND "endTime" ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' AND "endTime" > "startTime")
);
CREATE INDEX "AvailabilityRule_tenantId_resourceId_idx" ON "AvailabilityRule"("tenantId", "resourceId");

CREATE TABLE "DateOverride" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "resourceId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "ranges" JSONB NOT NULL,
    CONSTRAINT "DateOverride_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DateOverride_resource_fkey" FOREIGN KEY ("tenantId", "resourceId") REFERENCES "Resource"("tenantId", "id") ON DELETE CASCADE,
    CONSTRAINT "DateOverride_ranges_array" CHECK (jsonb_typeof("ranges") = 'array')
);
CREATE UNIQUE INDEX "DateOverride_resourceId_date_key" ON "DateOverride"("resourceId", "date");
CREATE INDEX "DateOverride_tenantId_resourceId_date_idx" ON "DateOverride"("tenantId", "resourceId", "date");

CREATE TABLE "BlackoutDate" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BlackoutDate_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "BlackoutDate_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE,
    CONSTRAINT "BlackoutDate_range" CHECK ("endDate" >= "startDate")
);
CREATE INDEX "BlackoutDate_tenantId_startDate_idx" ON "BlackoutDate"("tenantId", "startDate");

CREATE TABLE "Customer" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT,
    "timeZone" TEXT,
    "notes" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "deletedAt" TIMESTAMPTZ(3),
    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Customer_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE,
    CONSTRAINT "Customer_email_normalised" CHECK ("email" = lower(btrim("email")))
);
CREATE INDEX "Customer_tenantId_name_idx" ON "Customer"("tenantId", "name");
CREATE UNIQUE INDEX "Customer_tenantId_id_key" ON "Customer"("tenantId", "id");
-- One live customer per email and tenant; a soft-deleted one doesn't block a new sign-up.
CREATE UNIQUE INDEX "Customer_tenantId_email_live_key" ON "Customer"("tenantId", "email") WHERE "deletedAt" IS NULL;

CREATE TABLE "Booking" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "resourceId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "bufferBeforeMin" INTEGER NOT NULL DEFAULT 0,
    "bufferAfterMin" INTEGER NOT NULL DEFAULT 0,
    "blockedRange" TSTZRANGE,
    "timeZone" TEXT NOT NULL,
    "status" "BookingStatus" NOT NULL,
    "priceMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "notes" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "holdExpiresAt" TIMESTAMPTZ(3),
    "source" "BookingSource" NOT NULL,
    "cancellationReason" TEXT,
    "cancelledBy" TEXT,
    "cancelledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "deletedAt" TIMESTAMPTZ(3),
    CONSTRAINT "Booking_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Booking_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE,
    CONSTRAINT "Booking_service_fkey" FOREIGN KEY ("tenantId", "serviceId") REFERENCES "Service"("tenantId", "id"),
    CONSTRAINT "Booking_resource_fkey" FOREIGN KEY ("tenantId", "resourceId") REFERENCES "Resource"("tenantId", "id"),
    CONSTRAINT "Booking_customer_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id"),
    CONSTRAINT "Booking_times" CHECK ("endsAt" > "startsAt"),
    CONSTRAINT "Booking_buffers" CHECK ("bufferBeforeMin" >= 0 AND "bufferAfterMin" >= 0),
    CONSTRAINT "Booking_price" CHECK ("priceMinor" >= 0),
    CONSTRAINT "Booking_hold" CHECK ("status" <> 'PENDING_PAYMENT' OR "holdExpiresAt" IS NOT NULL)
);

-- The blocked range is always derived from the row itself: no writer can set it to anything else.
-- (A generated column can't be used: timestamptz ± interval is only STABLE.)
CREATE FUNCTION "Booking_set_blocked_range"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."blockedRange" := tstzrange(
    NEW."startsAt" - make_interval(mins => NEW."bufferBeforeMin"),
    NEW."endsAt" + make_interval(mins => NEW."bufferAfterMin"),
    '[)');
  RETURN NEW;
END
$$;
CREATE TRIGGER "Booking_blocked_range" BEFORE INSERT OR UPDATE ON "Booking"
  FOR EACH ROW EXECUTE FUNCTION "Booking_set_blocked_range"();

-- The no-double-booking guarantee: two active bookings on one resource never overlap,
-- buffers included, whatever code path or manual SQL writes them.
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_no_overlap"
  EXCLUDE USING gist ("resourceId" WITH =, "blockedRange" WITH &&)
  WHERE ("status" IN ('PENDING_PAYMENT', 'CONFIRMED') AND "deletedAt" IS NULL);

CREATE INDEX "Booking_tenantId_resourceId_startsAt_idx" ON "Booking"("tenantId", "resourceId", "startsAt");
CREATE INDEX "Booking_tenantId_startsAt_idx" ON "Booking"("tenantId", "startsAt");
CREATE INDEX "Booking_tenantId_customerId_idx" ON "Booking"("tenantId", "customerId");
CREATE INDEX "Booking_tenantId_status_holdExpiresAt_idx" ON "Booking"("tenantId", "status", "holdExpiresAt");

CREATE TABLE "IdempotencyKey" (
    "tenantId" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "responseStatus" INTEGER NOT NULL,
    "responseBody" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("tenantId", "scope", "key"),
    CONSTRAINT "IdempotencyKey_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE
);
CREATE INDEX "IdempotencyKey_expiresAt_idx" ON "IdempotencyKey"("expiresAt");
