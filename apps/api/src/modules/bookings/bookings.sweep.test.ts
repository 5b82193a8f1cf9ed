import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { ORIGIN } from '../../../test/factories';
import { connectStripeQuietly } from '../../../test/payment-factories';
import { ManualClock } from '../../platform/clock';
import { runWithContext } from '../../platform/context';
import { unsafeSweepExpiredHolds } from './bookings.service';

const clock = new ManualClock('2030-03-04T08:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock, stripe: true });
});
afterAll(() => t.close());

describe('hold sweep', () => {
  it('keeps going past a hold it cannot expire, logs it, reports the count, and expires it on a later sweep', async () => {
    const holds: string[] = [];
    for (const n of [1, 2, 3]) {
      // Holds of different businesses: the sweep works across tenants.
      const { owner, service } = await setUpBookable(t, { service: { priceMinor: 4000, requiresPayment: true } });
      await connectStripeQuietly(t, owner);
      const res = await t.http
        .post(`/v1/public/tenants/${owner.slug}/bookings`)
        .set('Origin', ORIGIN)
        .send({ serviceId: service.id, startsAt: '2030-03-06T10:00:00Z', timeZone: 'UTC', customer: customer(`sweep${n}`) })
        .expect(201);
      expect(res.body.status).toBe('PENDING_PAYMENT');
      holds.push(res.body.id);
    }
    const [first, bad, last] = holds as [string, string, string];
    // A real failure from the database for the middle hold only (as a lock timeout or a broken row would be).
    await t.prisma.$executeRawUnsafe(`
      CREATE FUNCTION sweep_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await t.prisma.$executeRawUnsafe(
      `CREATE TRIGGER sweep_test_refuse BEFORE UPDATE ON "Booking" FOR EACH ROW WHEN (OLD.id = '${bad}') EXECUTE FUNCTION sweep_test_refuse()`,
    );
    const lines: { level: number; msg: string; bookingId?: string; expired?: number; failed?: number }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    // As the sweep job runs it: in a job's context, whose logger it writes to.
    const sweep = () => runWithContext({ requestId: 'sweep', correlationId: 'sweep', logger }, () => unsafeSweepExpiredHolds(t.deps));
    clock.advanceMinutes(45);
    try {
      expect(await sweep()).toEqual({ expired: 2, failed: 1 });
      const statuses = await t.prisma.booking.findMany({ where: { id: { in: holds } }, select: { id: true, status: true } });
      expect(Object.fromEntries(statuses.map((b) => [b.id, b.status]))).toEqual({ [first]: 'EXPIRED', [bad]: 'PENDING_PAYMENT', [last]: 'EXPIRED' });
      expect(lines).toContainEqual(expect.objectContaining({ level: 50, msg: 'could not expire an overdue hold; the next sweep tries again', bookingId: bad }));
      expect(lines).toContainEqual(expect.objectContaining({ level: 50, msg: 'hold sweep finished with failures', expired: 2, failed: 1 }));

      await t.prisma.$executeRawUnsafe('DROP TRIGGER sweep_test_refuse ON "Booking"');
      expect(await sweep()).toEqual({ expired: 1, failed: 0 });
      expect((await t.prisma.booking.findUniqueOrThrow({ where: { id: bad } })).status).toBe('EXPIRED');
    } finally {
      await t.prisma.$executeRawUnsafe('DROP TRIGGER IF EXISTS sweep_test_refuse ON "Booking"');
      await t.prisma.$executeRawUnsafe('DROP FUNCTION IF EXISTS sweep_test_refuse()');
      clock.set('2030-03-04T08:00:00Z');
    }
  });
});
