import type { Db } from '../../platform/db';
import { migrationStatus } from '../../platform/migrate';

export async function checkDatabase(prisma: Db) {
  try {
    await prisma.$queryRaw`SELECT 1`;
  } catch {
    return { database: 'down' as const, migrations: { applied: 0, pending: 0 } };
  }
  const migrations = await migrationStatus((sql) => prisma.$queryRawUnsafe(sql));
  return { database: 'up' as const, migrations };
}
