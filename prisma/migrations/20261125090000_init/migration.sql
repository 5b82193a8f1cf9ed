-- Foundation: extensions every later migration relies on, and tenants.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TYPE "PlanTier" AS ENUM ('BASIC', 'PROFESSIONAL', 'ENTERPRISE');

CREATE TABLE "Tenant" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "plan" "PlanTier" NOT NULL DEFAULT 'BASIC',
    "platformFeeBps" INTEGER NOT NULL DEFAULT 500,
    "cancellationCutoffHours" INTEGER NOT NULL DEFAULT 24,
    "holdMinutes" INTEGER NOT NULL DEFAULT 30,
    "auditRetentionDays" INTEGER NOT NULL DEFAULT 90,
    "brandDisplayName" TEXT,
    "brandAccentColor" TEXT,
    "brandLogoUrl" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Tenant_slug_format" CHECK ("slug" ~ '^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$'),
    CONSTRAINT "Tenant_platformFeeBps_range" CHECK ("platformFeeBps" BETWEEN 0 AND 10000),
    CONSTRAINT "Tenant_holdMinutes_range" CHECK ("holdMinutes" BETWEEN 30 AND 1440)
);

CREATE UNIQUE INDEX "Tenant_slug_key" ON "Tenant"("slug");
