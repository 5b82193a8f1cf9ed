-- Google Calendar two-way sync (issue #16): per-resource connections with encrypted tokens, OAuth
-- states, watch channels, incremental sync cursors, busy blocks from external events, and each
-- booking's event in Google.

ALTER TABLE "Tenant" ADD COLUMN "calendarInviteCustomers" BOOLEAN NOT NULL DEFAULT false;

CREATE TYPE "CalendarConnectionStatus" AS ENUM ('CONNECTED', 'BROKEN');
CREATE TYPE "CalendarSyncState" AS ENUM ('NOT_CONNECTED', 'PENDING', 'SYNCED', 'FAILED');


CREATE TABLE "CalendarConnection" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "resourceId" UUID NOT NULL,
    "provider" TEXT NOT NULL DEFAULT 'google',
    "accountEmail" TEXT NOT NULL,
    "status" "CalendarConnectionStatus" NOT NULL,
    "encryptedRefreshToken" TEXT NOT NULL,
    "encryptedAccessToken" TEXT,
    "accessTokenExpiresAt" TIMESTAMPTZ(3),
    "tokenKeyId" TEXT NOT NULL,
    "scopes" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "targetCalendarId" TEXT,
    "busyCalendarIds" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "lastSyncedAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMPTZ(3),
    "connectedByUserId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "CalendarConnection_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CalendarConnection_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE,
    CONSTRAINT "CalendarConnection_resource_fkey" FOREIGN KEY ("tenantId", "resourceId") REFERENCES "Resource"("tenantId", "id") ON DELETE CASCADE,
    CONSTRAINT "CalendarConnection_provider" CHECK ("provider" = 'google')
);
CREATE UNIQUE INDEX "CalendarConnection_resourceId_key" ON "CalendarConnection"("resourceId");
CREATE UNIQUE INDEX "CalendarConnection_tenantId_id_key" ON "CalendarConnection"("tenantId", "id");
CREATE INDEX "CalendarConnection_tenantId_idx" ON "CalendarConnection"("tenantId");

CREATE TABLE "CalendarOAuthState" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "stateHash" TEXT NOT NULL,
    "resourceId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "sessionHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CalendarOAuthState_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CalendarOAuthState_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE,
    CONSTRAINT "CalendarOAuthState_resource_fkey" FOREIGN KEY ("tenantId", "resourceId") REFERENCES "Resource"("tenantId", "id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "CalendarOAuthState_stateHash_key" ON "CalendarOAuthState"("stateHash");

CREATE TABLE "CalendarChannel" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "calendarId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "googleResourceId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "stoppedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CalendarChannel_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CalendarChannel_connection_fkey" FOREIGN KEY ("tenantId", "connectionId") REFERENCES "CalendarConnection"("tenantId", "id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "CalendarChannel_channelId_key" ON "CalendarChannel"("channelId");
CREATE INDEX "CalendarChannel_tenantId_connectionId_idx" ON "CalendarChannel"("tenantId", "connectionId");
CREATE INDEX "CalendarChannel_expiresAt_idx" ON "CalendarChannel"("expiresAt");

CREATE TABLE "CalendarCursor" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "calendarId" TEXT NOT NULL,
    "syncToken" TEXT,
    "lastFullSyncAt" TIMESTAMPTZ(3),
    "lastSyncAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "CalendarCursor_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CalendarCursor_connection_fkey" FOREIGN KEY ("tenantId", "connectionId") REFERENCES "CalendarConnection"("tenantId", "id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "CalendarCursor_connectionId_calendarId_key" ON "CalendarCursor"("connectionId", "calendarId");
CREATE INDEX "CalendarCursor_tenantId_idx" ON "CalendarCursor"("tenantId");

CREATE TABLE "BusyBlock" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "resourceId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "calendarId" TEXT NOT NULL,
    "externalEventId" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "allDay" BOOLEAN NOT NULL DEFAULT false,
    "etag" TEXT,
    "range" tstzrange GENERATED ALWAYS AS (tstzrange("startsAt", "endsAt", '[)')) STORED,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "BusyBlock_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "BusyBlock_connection_fkey" FOREIGN KEY ("tenantId", "connectionId") REFERENCES "CalendarConnection"("tenantId", "id") ON DELETE CASCADE,
    CONSTRAINT "BusyBlock_resource_fkey" FOREIGN KEY ("tenantId", "resourceId") REFERENCES "Resource"("tenantId", "id") ON DELETE CASCADE,
    CONSTRAINT "BusyBlock_interval" CHECK ("endsAt" > "startsAt")
);
CREATE UNIQUE INDEX "BusyBlock_connectionId_calendarId_externalEventId_key" ON "BusyBlock"("connectionId", "calendarId", "externalEventId");
CREATE INDEX "BusyBlock_tenantId_resourceId_startsAt_idx" ON "BusyBlock"("tenantId", "resourceId", "startsAt");
-- The in-transaction re-check asks "does any busy block of this resource overlap this slot".
CREATE INDEX "BusyBlock_resource_range_idx" ON "BusyBlock" USING gist ("resourceId", "range");

CREATE TABLE "BookingCalendarEvent" (
    "bookingId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "connectionId" UUID,
    "calendarId" TEXT,
    "eventId" TEXT,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "state" "CalendarSyncState" NOT NULL,
    "error" TEXT,
    "htmlLink" TEXT,
    "etag" TEXT,
    "syncedVersion" INTEGER,
    "attention" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "BookingCalendarEvent_pkey" PRIMARY KEY ("bookingId"),
    CONSTRAINT "BookingCalendarEvent_booking_fkey" FOREIGN KEY ("tenantId", "bookingId") REFERENCES "Booking"("tenantId", "id") ON DELETE CASCADE,
    CONSTRAINT "BookingCalendarEvent_event_id" CHECK ("eventId" IS NULL OR "eventId" ~ '^[a-v0-9]{5,1024}$'),
    CONSTRAINT "BookingCalendarEvent_attention" CHECK ("attention" IS NULL OR "attention" IN ('MOVED_IN_GOOGLE', 'DELETED_IN_GOOGLE'))
);
CREATE INDEX "BookingCalendarEvent_tenantId_state_idx" ON "BookingCalendarEvent"("tenantId", "state");
