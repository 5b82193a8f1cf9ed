import type { Db } from '../src/platform/db';

/**
 * A digest of every row of every table (sessions aside: reads may touch them), to prove a
 * request wrote nothing.
 */
export async function dbFingerprint(prisma: Db): Promise<Record<string, string>> {
  const tables = await prisma.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('_prisma_migrations', 'Session')
    ORDER BY table_name`;
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [row] = await prisma.$queryRawUnsafe<{ digest: string }[]>(
      `SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest FROM "${table_name}" x`,
    );
    out[table_name] = row!.digest;
  }
  return out;
}
