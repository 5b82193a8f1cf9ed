import type express from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createStripeGateway, type StripeGateway } from '../integrations/stripe';
import { createAudit, type Audit } from './audit';
import type { Clock } from './clock';
import type { Db } from './db';
import type { Jobs } from './jobs';
import { createMailer, type Mailer } from './mailer';
import type { RateLimits } from './rate-limit';
import { createSessions, type Sessions } from './session';
import { createSql, type Sql } from './sql';
import { createTenantCache, type TenantCache } from './tenant-cache';
import { createTenantDb, createTenantDbIncludingDeleted, type TenantDb } from './tenancy';

/**
 * The dependency types every module receives, and buildDeps, which makes them from what server.ts
 * (or a test) supplies. They live here, not in app.ts, so that modules never import the
 * composition root (app.ts imports the modules' routers).
 */
export type JobQueue = Pick<Jobs, 'send' | 'sendMany' | 'sendAndRun' | 'insertStatement' | 'cancel' | 'resend'>;

/** What server.ts (or a test) builds and passes in. */
export type BaseDeps = {
  config: Config;
  /** The raw client: only for cross-tenant work in `unsafe…` functions and platform code. */
  prisma: Db;
  /** The pool under `prisma`; `sql` runs the hand-written hot-path statements on it. */
  pool: pg.Pool;
  logger: Logger;
  clock: Clock;
  version: string;
  /** Enqueues background jobs (side effects leave transactions this way). */
  jobs: JobQueue;
  rateLimits: RateLimits;
  /** Default: built from config.SMTP_URL. */
  mailer?: Mailer;
  /** The dev outbox page of the SMTP capture emulator; mounted when present (never in production). */
  devOutbox?: express.Router;
  /** Default: built from config.STRIPE_* (null without a key). */
  stripe?: StripeGateway | null;
  /** What GET /dev/emulators lists (development only): the local emulators this process started. */
  devEmulators?: { stripe?: { url: string }; google?: { url: string }; smtp?: { url: string; outbox: string } };
};

/** Everything routers and services get. */
export type AppDeps = BaseDeps & {
  /** The tenant-scoped client every repository uses (soft-deleted rows hidden). */
  db: TenantDb;
  /** Hand-written SQL on the same pool (platform/sql): the booking hot path. */
  sql: Sql;
  /** The same scoping with soft-deleted rows visible: restore, history views. */
  dbIncludingDeleted: TenantDb;
  sessions: Sessions;
  audit: Audit;
  /** Hot tenant facts (slug, zone, hold length), cached briefly per process. */
  tenants: TenantCache;
  mailer: Mailer;
  /** Stripe through our typed gateway (integrations/stripe); null when payments are not configured. */
  stripe: StripeGateway | null;
};

export function buildDeps(base: BaseDeps): AppDeps {
  return {
    ...base,
    db: createTenantDb(base.prisma),
    sql: createSql(base.pool, { preparedStatements: base.config.DATABASE_PREPARED_STATEMENTS }),
    dbIncludingDeleted: createTenantDbIncludingDeleted(base.prisma),
    sessions: createSessions(base),
    audit: createAudit(base.config.SECRET_KEY, base.clock),
    tenants: createTenantCache(base.prisma),
    mailer: base.mailer ?? createMailer(base.config),
    stripe: base.stripe !== undefined ? base.stripe : createStripeGateway(base.config),
  };
}
