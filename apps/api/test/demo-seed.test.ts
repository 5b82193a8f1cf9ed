import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/clock';
import { DEMO, seedDemoIfEmpty } from '../src/seed/demo';
import { runWithContext } from '../src/platform/context';
import { createTestApp, type TestApp } from './app';
import { ORIGIN } from './factories';

describe('demo seed', () => {
  const clock = new ManualClock('2030-06-12T07:00:00Z');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  it('is never seeded in production, even when asked directly (pnpm db:seed)', async () => {
    const production = { ...t.deps, config: { ...t.deps.config, NODE_ENV: 'production' as const } };
    expect(await t.prisma.tenant.count()).toBe(0);
    await expect(seedDemoIfEmpty(production)).rejects.toThrow(/published password/);
    expect(await t.prisma.tenant.count()).toBe(0);
  });

  it('seeds a usable demo tenant once, with bookings that obey every rule', async () => {
    const ctx = { requestId: 'test-seed', correlationId: 'test-seed', logger: t.deps.logger };
    expect(await runWithContext(ctx, () => seedDemoIfEmpty(t.deps))).toBe(true);
    expect(await runWithContext(ctx, () => seedDemoIfEmpty(t.deps))).toBe(false);

    const login = await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: DEMO.ownerEmail, password: DEMO.ownerPassword });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ role: 'OWNER', currentTenant: { slug: 'demo', timeZone: 'Europe/London' }, user: { emailVerified: true } });

    const services = await t.http.get('/v1/public/tenants/demo/services').expect(200);
    expect(services.body.items.map((s: { name: string }) => s.name)).toEqual(['Balayage', 'Colour', 'Consultation', 'Haircut']);
    // A deposit service and a cancellation policy, shown before paying.
    expect(services.body.items[0]).toMatchObject({ paymentMode: 'DEPOSIT_PERCENT', payOnlineMinor: 3600 });
    expect((await t.http.get('/v1/public/tenants/demo').expect(200)).body.cancellationPolicy).toEqual({ freeCancellationHours: 24, lateRefundPercent: 50 });
    const haircut = services.body.items.find((s: { name: string }) => s.name === 'Haircut');
    const bookings = await t.prisma.booking.count({ where: { tenantId: login.body.currentTenant.id } });
    expect(bookings).toBeGreaterThan(30);
    const [row] = await t.prisma.$queryRaw<{ overlaps: bigint }[]>`
      SELECT count(*) AS overlaps FROM "Booking" a JOIN "Booking" b
        ON a.id < b.id AND a."resourceId" = b."resourceId" AND a."blockedRange" && b."blockedRange"
      WHERE a.status IN ('PENDING_PAYMENT', 'CONFIRMED') AND b.status IN ('PENDING_PAYMENT', 'CONFIRMED')`;
    expect(Number(row?.overlaps)).toBe(0);
    const slots = await t.http.get(`/v1/public/tenants/demo/services/${haircut.id}/slots?from=2030-06-13&to=2030-06-13&timeZone=Europe/London`).expect(200);
    expect(slots.body.slots.length).toBeGreaterThan(0);
  });
});
