import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmptyDatabase, dropDatabase } from '../../test/db';
import { migrate, MigrationError, readMigrations } from './migrate';

const created: string[] = [];
let counter = 0;
async function freshDb(): Promise<string> {
  const name = `mig_${process.env.VITEST_POOL_ID ?? 0}_${++counter}`;
  created.push(name);
  return createEmptyDatabase(name);
}
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map(dropDatabase));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'slotwise-mig-'));
  dirs.push(dir);
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('migration runner', () => {
  it('applies migrations in name order and records them as Prisma does', async () => {
    const url = await freshDb();
    // The second file depends on the first: applying out of order would fail.
    const dir = migrationsDir({
      '20260101000000_a': 'CREATE TABLE a (id int PRIMARY KEY);',
      '20260102000000_b': 'ALTER TABLE a ADD COLUMN note text;',
    });
    const result = await migrate(url, dir);
    expect(result.applied).toEqual(['20260101000000_a', '20260102000000_b']);
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date;
      applied_steps_count: number;
      logs: null;
      rolled_back_at: null;
      id: string;
    }>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name');
    const files = await readMigrations(dir);
    expect(rows.map((r) => r.migration_name)).toEqual(['20260101000000_a', '20260102000000_b']);
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(files[i]!.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
    }
    const cols = await query<{ column_name: string }>(url, "SELECT column_name FROM information_schema.columns WHERE table_name = 'a' ORDER BY 1");
    expect(cols.map((c) => c.column_name)).toEqual(['id', 'note']);
  });

  it('is idempotent: a second run applies nothing', async () => {
    const url = await freshDb();
    const dir = migrationsDir({ '20260101000000_a': 'CREATE TABLE a (id int);' });
    await migrate(url, dir);
    const again = await migrate(url, dir);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(['20260101000000_a']);
    expect(await query(url, 'SELECT 1 FROM "_prisma_migrations"')).toHaveLength(1);
  });

  it('applies only the new file when one is added later', async () => {
    const url = await freshDb();
    const files: Record<string, string> = { '20260101000000_a': 'CREATE TABLE a (id int);' };
    await migrate(url, migrationsDir(files));
    files['20260105000000_c'] = 'CREATE TABLE c (id int);';
    const result = await migrate(url, migrationsDir(files));
    expect(result.applied).toEqual(['20260105000000_c']);
  });

  it('refuses to run when an applied migration file was changed', async () => {
    const url = await freshDb();
    await migrate(url, migrationsDir({ '20260101000000_a': 'CREATE TABLE a (id int);' }));
    const changed = migrationsDir({
      '20260101000000_a': 'CREATE TABLE a (id bigint);',
      '20260102000000_b': 'CREATE TABLE b (id int);',
    });
    const err = await migrate(url, changed).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/20260101000000_a was changed after it was applied/);
    // Nothing after the changed file ran.
    expect(await query(url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'b'")).toHaveLength(0);
  });

  it('rolls back a failing migration entirely and lets a fixed file be applied', async () => {
    const url = await freshDb();
    const broken = migrationsDir({ '20260101000000_a': 'CREATE TABLE a (id int); SELECT * FROM no_such_table;' });
    await expect(migrate(url, broken)).rejects.toThrow(/20260101000000_a failed and was rolled back/);
    expect(await query(url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'a'")).toHaveLength(0);
    const fixed = migrationsDir({ '20260101000000_a': 'CREATE TABLE a (id int);' });
    expect((await migrate(url, fixed)).applied).toEqual(['20260101000000_a']);
  });

  it('two runners started together apply each migration exactly once', async () => {
    const url = await freshDb();
    const dir = migrationsDir({
      '20260101000000_a': 'CREATE TABLE a (id int); SELECT pg_sleep(0.2);',
      '20260102000000_b': 'CREATE TABLE b (id int);',
    });
    const results = await Promise.all([migrate(url, dir), migrate(url, dir), migrate(url, dir)]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(['20260101000000_a', '20260102000000_b']);
    const rows = await query<{ migration_name: string }>(url, 'SELECT migration_name FROM "_prisma_migrations"');
    expect(rows).toHaveLength(2);
  });

  it('applies the real project migrations to an empty database', async () => {
    const url = await freshDb();
    const result = await migrate(url);
    expect(result.applied.length).toBe((await readMigrations()).length);
    expect(await query(url, "SELECT 1 FROM pg_extension WHERE extname = 'btree_gist'")).toHaveLength(1);
  });
});
