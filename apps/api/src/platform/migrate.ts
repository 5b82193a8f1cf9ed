import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from './paths';

/**
 * Applies prisma/migrations/<name>/migration.sql in name order and records each in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does, so Prisma's own tools agree
 * with us on a connected machine. See docs/adr/001-sql-migrations.md.
 */

export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'migrations');

/** The advisory lock key Prisma Migrate itself takes, so our runner and Prisma's exclude each other. */
const PRISMA_ADVISORY_LOCK = 72707369;

export type Migration = { name: string; sql: string; checksum: string };
export type MigrationResult = { applied: string[]; alreadyApplied: string[] };

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

async function appliedRows(client: pg.ClientBase): Promise<AppliedRow[]> {
  const { rows } = await client.query<AppliedRow>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`);
  return rows.filter((r) => r.rolled_back_at === null);
}

/** Throws when an applied migration's file changed or an earlier run left a failed migration. */
function verify(applied: AppliedRow[], migrations: Migration[]): void {
  const byName = new Map(migrations.map((m) => [m.name, m]));
  for (const row of applied) {
    if (row.finished_at === null) {
      throw new MigrationError(
        `Migration ${row.migration_name} started but never finished. Inspect the database, then mark it rolled back ` +
          `(UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${row.migration_name}').`,
      );
    }
    const file = byName.get(row.migration_name);
    if (file && file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the ` +
          `database, ${file.checksum.slice(0, 12)}… on disk). Applied migrations are immutable: restore the file and add a new migration.`,
      );
    }
  }
}

export async function migrate(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    try {
      await client.query(CREATE_TABLE);
      const applied = await appliedRows(client);
      verify(applied, migrations);
      const done = new Set(applied.map((r) => r.migration_name));
      const result: MigrationResult = { applied: [], alreadyApplied: [...done] };
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        await applyOne(client, m);
        result.applied.push(m.name);
      }
      return result;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]);
    }
  } finally {
    await client.end();
  }
}

async function applyOne(client: pg.ClientBase, m: Migration): Promise<void> {
  const id = randomUUID();
  const startedAt = new Date();
  try {
    // One transaction per migration: a failing file leaves nothing half-applied.
    await client.query('BEGIN');
    await client.query(m.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
      [id, m.checksum, m.name, startedAt],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    // Record the failure the way Prisma shows it, already rolled back, so a fixed file can be retried.
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, NULL, $3, $4, now(), $5, 0)`,
      [id, m.checksum, m.name, String((err as Error).message), startedAt],
    );
    throw new MigrationError(`Migration ${m.name} failed and was rolled back: ${(err as Error).message}`);
  }
}

const fileCache = new Map<string, Migration[]>();

/** Applied and pending counts, for /readyz and the status endpoint. */
export async function migrationStatus(
  query: (sql: string) => Promise<{ migration_name: string }[]>,
  dir = MIGRATIONS_DIR,
): Promise<{ applied: number; pending: number }> {
  let files = fileCache.get(dir);
  if (!files) fileCache.set(dir, (files = await readMigrations(dir)));
  let rows: { migration_name: string }[] = [];
  try {
    rows = await query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
  } catch {
    return { applied: 0, pending: files.length };
  }
  const done = new Set(rows.map((r) => r.migration_name));
  return { applied: files.filter((f) => done.has(f.name)).length, pending: files.filter((f) => !done.has(f.name)).length };
}
