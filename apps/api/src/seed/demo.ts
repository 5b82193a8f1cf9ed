import type { Logger } from 'pino';
import type { Db } from '../platform/db';

export const DEMO_TENANT = { slug: 'demo', name: 'Demo Studio', timeZone: 'Europe/London', currency: 'GBP' } as const;

/** Seeds the demo tenant on a database that has no tenant yet. */
export async function seedDemoIfEmpty(prisma: Db, logger: Logger): Promise<boolean> {
  if ((await prisma.tenant.count()) > 0) return false;
  await prisma.tenant.create({ data: { ...DEMO_TENANT, brandDisplayName: DEMO_TENANT.name } });
  logger.info({ slug: DEMO_TENANT.slug }, 'seeded the demo tenant');
  return true;
}
