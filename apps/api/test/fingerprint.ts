import type { Db } from '../src/platform/db';

/** One statement digesting every table (built once per client: the tables don't change during a test file). */
const statements = new WeakMap<Db, Promise<string>>();

async function buildStatement(prisma: Db): Promise<string> {
  const tables = await prisma.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('_prisma_migrations', 'Session')
    ORDER BY table_name`;
  return tables
    .map(({ table_name }) => `SELECT '${table_name}' AS "table", md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest FROM "${table_name}" x`)
    .join(' UNION ALL ');
}

/**
 * A digest of every row of every table (sessions aside: reads may touch them), to prove a
 * request wrote nothing. One round trip: the fuzz test takes one before and after thousands of
 * requests.
 */
export async function dbFingerprint(prisma: Db): Promise<Record<string, string>> {
  let statement = statements.get(prisma);
  if (!statement) {
    statement = buildStatement(prisma);
    statements.set(prisma, statement);
  }
  const rows = await prisma.$queryRawUnsafe<{ table: string; digest: string }[]>(await statement);
  return Object.fromEntries(rows.map((r) => [r.table, r.digest]));
}
