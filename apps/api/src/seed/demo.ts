import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../platform/deps';
import { createAuthService } from '../modules/auth/auth.service';
import { createBookingsService } from '../modules/bookings/bookings.service';
import { createResourcesService } from '../modules/catalog/resources.service';
import { createServicesService } from '../modules/catalog/services.service';
import { createTenantService } from '../modules/tenant/tenant.service';
import { runWithContext } from '../platform/context';
import { withTenant } from '../platform/tenancy';
import { addDays, localDateOf, weekdayOf, zonedToInstant } from '../platform/time';

export const DEMO = {
  slug: 'demo',
  tenantName: 'Demo Studio',
  timeZone: 'Europe/London',
  currency: 'GBP',
  ownerEmail: 'owner@demo.test',
  ownerPassword: 'demo-password',
} as const;

/** The demo's customers (the payment history, seed/demo-history.ts, books as them too). */
export const DEMO_CUSTOMERS = [
  ['Ada Lovelace', 'ada@example.test'],
  ['Grace Hopper', 'grace@example.test'],
  ['Alan Turing', 'alan@example.test'],
  ['Katherine Johnson', 'katherine@example.test'],
  ['Linus Pauling', 'linus@example.test'],
  ['Marie Curie', 'marie@example.test'],
  ['Nikola Tesla', 'nikola@example.test'],
  ['Rosalind Franklin', 'rosalind@example.test'],
] as const;

/**
 * The demo tenant on a fresh database: an owner, two stylists open Mon–Sat 9–18, a cancellation
 * policy (free until 24 hours before, half back after), four services (one paid in full, one with
 * a 30 % deposit), and bookings from a week ago to two weeks ahead — all through the same services
 * the API uses, so the demo data obeys every rule real data does.
 */
export async function seedDemoIfEmpty(deps: AppDeps): Promise<boolean> {
  // config refuses SEED_DEMO in production; this also covers `pnpm db:seed`, which seeds on request.
  if (deps.config.NODE_ENV === 'production') throw new Error('The demo tenant signs in with a published password; it is not seeded in production');
  if (await createTenantService(deps).unsafeAnyTenantExists()) return false;
  const logger = deps.logger.child({ component: 'seed' });
  await runWithContext({ requestId: `seed-${randomUUID()}`, correlationId: 'seed', logger }, async () => {
    // Straight to the account (no emailed link), its address counted as verified.
    const { tenant, user } = await createAuthService(deps).createOwnerAccount(
      {
        tenantName: DEMO.tenantName,
        slug: DEMO.slug,
        timeZone: DEMO.timeZone,
        currency: DEMO.currency,
        name: 'Olivia Owner',
        email: DEMO.ownerEmail,
        password: DEMO.ownerPassword,
      },
      { verified: true },
    );
    await withTenant(tenant.id, async () => {
      // Free cancellation until 24 hours before; half of what was paid back after that.
      await createTenantService(deps).update({ cancellationPolicy: { freeCancellationHours: 24, lateRefundPercent: 50 } });
      const resources = createResourcesService(deps);
      const services = createServicesService(deps);
      const hours = [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '18:00' }));
      const alex = await resources.create({ name: 'Alex', userId: user.id });
      const sam = await resources.create({ name: 'Sam' });
      for (const r of [alex, sam]) await resources.setHours(r.id, hours);
      const haircut = await services.create({
        name: 'Haircut',
        description: 'Wash, cut and style.',
        durationMin: 45,
        priceMinor: 3500,
        currency: DEMO.currency,
        bufferAfterMin: 15,
        slotIntervalMin: 30,
        minNoticeMin: 60,
        maxAdvanceDays: 60,
        resourceIds: [alex.id, sam.id],
      });
      await services.create({
        name: 'Colour',
        description: 'Full colour with a consultation. Paid when booking.',
        durationMin: 90,
        priceMinor: 8000,
        currency: DEMO.currency,
        bufferAfterMin: 15,
        slotIntervalMin: 30,
        minNoticeMin: 24 * 60,
        maxAdvanceDays: 60,
        requiresPayment: true,
        resourceIds: [alex.id],
      });
      await services.create({
        name: 'Balayage',
        description: 'Hand-painted highlights. A 30 % deposit when booking; the rest at the salon.',
        durationMin: 150,
        priceMinor: 12000,
        currency: DEMO.currency,
        bufferAfterMin: 15,
        slotIntervalMin: 30,
        minNoticeMin: 24 * 60,
        maxAdvanceDays: 60,
        requiresPayment: true,
        paymentMode: 'DEPOSIT_PERCENT',
        depositPercent: 30,
        resourceIds: [sam.id],
      });
      const consult = await services.create({
        name: 'Consultation',
        description: 'A free 15-minute chat.',
        durationMin: 15,
        priceMinor: 0,
        currency: DEMO.currency,
        slotIntervalMin: 15,
        minNoticeMin: 30,
        maxAdvanceDays: 30,
        resourceIds: [sam.id],
      });

      const bookings = createBookingsService(deps);
      const today = localDateOf(deps.clock.now(), DEMO.timeZone);
      let n = 0;
      for (let day = -7; day <= 14; day++) {
        const date = addDays(today, day);
        if (weekdayOf(date) === 0) continue;
        for (const [time, service, resource] of [
          ['10:00', haircut, alex],
          ['11:30', haircut, sam],
          ['14:00', consult, sam],
          ['15:30', haircut, alex],
        ] as const) {
          if ((n + day) % 3 === 0) {
            n++;
            continue;
          } // leave gaps so the calendar isn't solid
          const [name, email] = DEMO_CUSTOMERS[n++ % DEMO_CUSTOMERS.length]!;
          await bookings.create(
            {
              serviceId: service.id,
              resourceId: resource.id,
              startsAt: zonedToInstant(date, time, DEMO.timeZone).toISOString(),
              timeZone: DEMO.timeZone,
              customer: { name, email },
              overrideNoticeAndHorizon: true,
            },
            { source: 'STAFF', actor: { type: 'system' }, silent: true },
          );
        }
      }
    });
    logger.info({ slug: DEMO.slug, owner: DEMO.ownerEmail }, 'seeded the demo tenant');
  });
  return true;
}
