import { ZPublicSlug } from '@slotwise/contracts';
import type { Db } from './db';

/**
 * A short-lived, per-process cache of the tenant facts hot paths read on every request (the
 * public page's slug → id, the booking rules' zone and hold length, the name and brand every email
 * carries). Changes made in this
 * process are seen at once (`forget`); other API instances see them within TTL_MS.
 */
const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

export type TenantFacts = {
  id: string;
  slug: string;
  timeZone: string;
  holdMinutes: number;
  /** The platform's fee on paid bookings, in basis points. */
  platformFeeBps: number;
  name: string;
  brandDisplayName: string | null;
  brandAccentColor: string | null;
};

export function createTenantCache(prisma: Db) {
  const byId = new Map<string, { facts: TenantFacts; at: number }>();
  const idBySlug = new Map<string, string>();
  const select = {
    id: true,
    slug: true,
    timeZone: true,
    holdMinutes: true,
    platformFeeBps: true,
    name: true,
    brandDisplayName: true,
    brandAccentColor: true,
  } as const;

  function remember(facts: TenantFacts): TenantFacts {
    if (byId.size >= MAX_ENTRIES) {
      byId.clear();
      idBySlug.clear();
    }
    byId.set(facts.id, { facts, at: performance.now() });
    idBySlug.set(facts.slug, facts.id);
    return facts;
  }
  const fresh = (id: string | undefined) => {
    const hit = id ? byId.get(id) : undefined;
    return hit && performance.now() - hit.at < TTL_MS ? hit.facts : undefined;
  };

  return {
    async byId(id: string): Promise<TenantFacts | null> {
      const hit = fresh(id);
      if (hit) return hit;
      const row = await prisma.tenant.findUnique({ where: { id }, select });
      return row ? remember(row) : null;
    },
    /**
     * The tenant at a public address. The slug comes straight from the path, before the
     * contract has checked it: one that no tenant can have (`%00`, capitals, too long) is
     * unknown without a query.
     */
    async bySlug(slug: string): Promise<TenantFacts | null> {
      if (!ZPublicSlug.safeParse(slug).success) return null;
      const hit = fresh(idBySlug.get(slug));
      if (hit && hit.slug === slug) return hit;
      const row = await prisma.tenant.findUnique({ where: { slug }, select });
      return row ? remember(row) : null;
    },
    forget(id: string): void {
      const hit = byId.get(id);
      if (hit) idBySlug.delete(hit.facts.slug);
      byId.delete(id);
    },
  };
}
export type TenantCache = ReturnType<typeof createTenantCache>;
