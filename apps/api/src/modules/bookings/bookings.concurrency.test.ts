import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { waitForLockWaiters, workerDatabaseUrl } from '../../../test/db';
import { customer, setUpBookable } from '../../../test/booking-factories';
import type { Staff } from '../../../test/factories';
import { listenForLoad, statusCounts, type LoadResponse, type LoadServer } from '../../../test/http-load';
import { connectStripeQuietly } from '../../../test/payment-factories';
import { ManualClock } from '../../platform/clock';

/**
 * Races through the running app: many requests fired at once over a pool of keep-alive
 * connections, landing on one resource while the Prisma pool has 5 connections. The database
 * (exclusion constraint + resource row lock) must hand out each slot once, and every loser must
 * get a clean 409 — never a 5xx.
 */

// Monday 2030-03-04 08:00 London (UTC in winter); 2030-03-05 is a Tuesday.
const clock = new ManualClock('2030-03-04T08:00:00Z');
let t: TestApp;
let load: LoadServer;
beforeAll(async () => {
  t = await createTestApp({ clock, stripe: true });
  load = await listenForLoad(t.app);
});
afterAll(async () => {
  await load?.close();
  await t?.close();
});

const book = (slug: string, body: Record<string, unknown>) => load.request('POST', `/v1/public/tenants/${slug}/bookings`, body);
const patch = (who: Staff, id: string, body: Record<string, unknown>) => load.request('PATCH', `/v1/bookings/${id}`, body, { Cookie: who.cookie });

/** Books one slot up front (one request, not part of any race); a new booking has version 1. */
async function booked(slug: string, body: Record<string, unknown>) {
  const res = await book(slug, body);
  if (res.status !== 201) throw new Error(`setup booking failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; startsAt: string; resource: { id: string } };
}

const codes = (responses: LoadResponse[]) => [...new Set(responses.filter((r) => r.status !== 200 && r.status !== 201).map((r) => r.body.error?.code))];

/** Pairs of active bookings of the tenant on one resource whose blocked ranges overlap. */
async function overlappingPairs(tenantId: string): Promise<number> {
  const [row] = await t.prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "Booking" a JOIN "Booking" b
      ON a.id < b.id AND a."resourceId" = b."resourceId" AND a."blockedRange" && b."blockedRange"
    WHERE a."tenantId" = ${tenantId}::uuid AND b."tenantId" = ${tenantId}::uuid
      AND a.status IN ('PENDING_PAYMENT', 'CONFIRMED') AND b.status IN ('PENDING_PAYMENT', 'CONFIRMED')`;
  return Number(row!.n);
}

/** Booking ids of the tenant's queued booking.event jobs of one kind, sorted. */
async function queuedEvents(tenantId: string, event = 'confirmed'): Promise<string[]> {
  const rows = await t.prisma.$queryRaw<{ bookingId: string }[]>`
    SELECT data->>'bookingId' AS "bookingId" FROM pgboss.job
    WHERE name = 'booking.event' AND data->>'tenantId' = ${tenantId} AND data->>'event' = ${event}`;
  return rows.map((r) => r.bookingId).sort();
}

async function activeStarts(tenantId: string): Promise<string[]> {
  const rows = await t.prisma.booking.findMany({
    where: { tenantId, status: { in: ['PENDING_PAYMENT', 'CONFIRMED'] } },
    select: { startsAt: true },
    orderBy: { startsAt: 'asc' },
  });
  return rows.map((r) => r.startsAt.toISOString());
}

describe('concurrent creates', () => {
  it('1,000 requests for one slot: exactly one 201, 999 × 409 SLOT_UNAVAILABLE, one row', async () => {
    const { owner, service, resource } = await setUpBookable(t);
    const startsAt = '2030-03-05T10:00:00.000Z';
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => book(owner.slug, { serviceId: service.id, startsAt, timeZone: 'UTC', customer: customer(`race-${i}`) })),
    );

    expect(statusCounts(responses)).toEqual({ 201: 1, 409: 999 });
    expect(codes(responses)).toEqual(['SLOT_UNAVAILABLE']);
    // The burst really came in over many connections at once.
    expect(await load.connections()).toBeGreaterThan(10);
    const [row] = await t.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Booking"
      WHERE "resourceId" = ${resource.id}::uuid AND "startsAt" = ${startsAt}::timestamptz AND status IN ('PENDING_PAYMENT', 'CONFIRMED')`;
    expect(Number(row!.n)).toBe(1);
    // The losers' transactions rolled back whole: no customer, audit row or booking of theirs remains.
    expect(await t.prisma.booking.count({ where: { tenantId: owner.tenantId } })).toBe(1);
    expect(await t.prisma.customer.count({ where: { tenantId: owner.tenantId } })).toBe(1);
    expect(await t.prisma.auditLog.count({ where: { tenantId: owner.tenantId, action: 'booking.created' } })).toBe(1);
    // The notification job is written inside the booking transaction: only the winner's exists.
    const winner = responses.find((r) => r.status === 201)!.body as { id: string };
    expect(await queuedEvents(owner.tenantId)).toEqual([winner.id]);
  }, 120_000);

  it('retries with one Idempotency-Key racing inside their transactions: all get the one booking, one row, one job', async () => {
    const { owner, service, resource } = await setUpBookable(t);
    const body = { serviceId: service.id, startsAt: '2030-03-05T11:00:00.000Z', timeZone: 'UTC', customer: customer('retry') };
    // Hold the resource's row lock so the retries all get past the key lookup (nothing stored
    // yet) and wait inside their transactions; released, one books and the others must replay it.
    const locker = new pg.Client({ connectionString: workerDatabaseUrl() });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM "Resource" WHERE id = $1 FOR UPDATE', [resource.id]);
      const pending = Promise.all(
        Array.from({ length: 12 }, () => load.request('POST', `/v1/public/tenants/${owner.slug}/bookings`, body, { 'Idempotency-Key': 'same-key-123' })),
      );
      await waitForLockWaiters(locker, 1);
      // The rest look their key up (nothing stored yet) and queue for a connection meanwhile.
      await new Promise((r) => setTimeout(r, 300));
      await locker.query('COMMIT');
      const responses = await pending;
      expect(statusCounts(responses)).toEqual({ 201: 12 });
      expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
      expect(await t.prisma.booking.count({ where: { tenantId: owner.tenantId } })).toBe(1);
      expect(await queuedEvents(owner.tenantId)).toEqual([(responses[0]!.body as { id: string }).id]);
    } finally {
      await locker.end();
    }
  });

  it('overlapping starts on a 15-minute grid: the accepted bookings never overlap', async () => {
    const { owner, service } = await setUpBookable(t, { service: { durationMin: 60, slotIntervalMin: 15 } });
    const starts = ['09:00', '09:15', '09:30', '09:45', '10:00'].map((hm) => `2030-03-05T${hm}:00.000Z`);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        book(owner.slug, { serviceId: service.id, startsAt: starts[i % starts.length], timeZone: 'UTC', customer: customer(`grid-${i}`) }),
      ),
    );

    const accepted = responses.filter((r) => r.status === 201);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    // At most 09:00 and 10:00 fit together; every other pair of these starts overlaps.
    expect(accepted.length).toBeLessThanOrEqual(2);
    expect(statusCounts(responses)).toEqual({ 201: accepted.length, 409: 200 - accepted.length });
    expect(codes(responses)).toEqual(['SLOT_UNAVAILABLE']);
    expect(await overlappingPairs(owner.tenantId)).toBe(0);
    expect(await activeStarts(owner.tenantId)).toEqual(accepted.map((r) => r.body.startsAt).sort());
  }, 60_000);

  it('buffers: blocked ranges that only touch both win; ones that overlap by the buffer do not', async () => {
    // 60 minutes + 15 after: 09:00 blocks [09:00, 10:15), 10:15 blocks [10:15, 11:30).
    const { owner, service } = await setUpBookable(t, { service: { durationMin: 60, bufferAfterMin: 15, slotIntervalMin: 15 } });
    const race = (day: string, times: string[]) =>
      Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          book(owner.slug, {
            serviceId: service.id,
            startsAt: `${day}T${times[i % times.length]}:00.000Z`,
            timeZone: 'UTC',
            customer: customer(`buf-${day}-${i}`),
          }),
        ),
      );
    const won = (responses: LoadResponse[]) =>
      responses
        .filter((r) => r.status === 201)
        .map((r) => String(r.body.startsAt))
        .sort();

    // Touching: one of each start wins.
    const touching = await race('2030-03-05', ['09:00', '10:15']);
    expect(won(touching)).toEqual(['2030-03-05T09:00:00.000Z', '2030-03-05T10:15:00.000Z']);
    expect(statusCounts(touching)).toEqual({ 201: 2, 409: 58 });

    // 10:00 blocks [10:00, 11:15): it overlaps 10:15's range and only touches 11:15's, while
    // 10:15 overlaps both. So the winners are either {10:00, 11:15} or {10:15}, whoever is first.
    const clashing = await race('2030-03-06', ['10:00', '10:15', '11:15']);
    const winners = won(clashing);
    expect([['2030-03-06T10:00:00.000Z', '2030-03-06T11:15:00.000Z'], ['2030-03-06T10:15:00.000Z']]).toContainEqual(winners);
    expect(statusCounts(clashing)).toEqual({ 201: winners.length, 409: 60 - winners.length });
    expect(codes([...touching, ...clashing])).toEqual(['SLOT_UNAVAILABLE']);
    expect(await overlappingPairs(owner.tenantId)).toBe(0);
  }, 60_000);

  it('"any available" over 3 resources: 50 requests for one slot give one booking per resource', async () => {
    const { owner, service, resources } = await setUpBookable(t, { resources: 3 });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T14:00:00.000Z', timeZone: 'UTC', customer: customer(`any-${i}`) }),
      ),
    );

    expect(statusCounts(responses)).toEqual({ 201: 3, 409: 47 });
    expect(codes(responses)).toEqual(['SLOT_UNAVAILABLE']);
    const given = responses.filter((r) => r.status === 201).map((r) => (r.body.resource as { id: string }).id);
    expect(given.sort()).toEqual(resources.map((r) => r.id).sort());
    expect(await overlappingPairs(owner.tenantId)).toBe(0);
  }, 60_000);
});

describe('concurrent staff edits', () => {
  it('20 PATCHes with the same version: one 200, the rest 409 VERSION_CONFLICT naming the new version', async () => {
    const { owner, service } = await setUpBookable(t);
    const original = await booked(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T09:00:00.000Z', timeZone: 'UTC', customer: customer('edit') });
    // Half edit notes, half move the booking to free Wednesday hours (10:00, 12:00, 14:00, 16:00).
    const bodies = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0 ? { version: 1, notes: `note ${i}` } : { version: 1, startsAt: `2030-03-06T${String(9 + (i % 8)).padStart(2, '0')}:00:00.000Z` },
    );
    const responses = await Promise.all(bodies.map((b) => patch(owner, original.id, b)));

    expect(statusCounts(responses)).toEqual({ 200: 1, 409: 19 });
    const winner = responses.find((r) => r.status === 200)!;
    expect(winner.body.version).toBe(2);
    for (const loser of responses.filter((r) => r.status === 409)) {
      expect(loser.body.error).toMatchObject({
        code: 'VERSION_CONFLICT',
        details: { expected: 1, actual: 2, current: { id: original.id, version: 2, notes: winner.body.notes, startsAt: winner.body.startsAt } },
      });
    }
    const stored = await t.prisma.booking.findUniqueOrThrow({ where: { id: original.id } });
    expect({ version: stored.version, notes: stored.notes, startsAt: stored.startsAt.toISOString() }).toEqual({
      version: 2,
      notes: winner.body.notes,
      startsAt: winner.body.startsAt,
    });
    expect(await t.prisma.auditLog.count({ where: { tenantId: owner.tenantId, resourceType: 'booking', resourceId: original.id } })).toBe(2);
  }, 60_000);

  it('two bookings rescheduled into the same free slot at once: one wins, the other 409 SLOT_UNAVAILABLE', async () => {
    // Six independent pairs raced together; in each, A (on r1) and B (on r2) both move to r1 at
    // one Thursday hour, so B's transaction also locks r1 and r2 together (in id order).
    const { owner, service, resources } = await setUpBookable(t, { resources: 2 });
    const [r1, r2] = resources as [(typeof resources)[0], (typeof resources)[0]];
    const hours = [9, 10, 11, 12, 13, 14];
    const pairs = [];
    for (const h of hours) {
      const hh = String(h).padStart(2, '0');
      const a = await booked(owner.slug, {
        serviceId: service.id,
        resourceId: r1.id,
        startsAt: `2030-03-05T${hh}:00:00.000Z`,
        timeZone: 'UTC',
        customer: customer(`a${h}`),
      });
      const b = await booked(owner.slug, {
        serviceId: service.id,
        resourceId: r2.id,
        startsAt: `2030-03-06T${hh}:00:00.000Z`,
        timeZone: 'UTC',
        customer: customer(`b${h}`),
      });
      pairs.push({ a, b, target: `2030-03-07T${hh}:00:00.000Z` });
    }
    const results = await Promise.all(
      pairs.map(({ a, b, target }) =>
        Promise.all([patch(owner, a.id, { version: 1, startsAt: target }), patch(owner, b.id, { version: 1, startsAt: target, resourceId: r1.id })]),
      ),
    );

    for (const [k, pair] of results.entries()) {
      expect(statusCounts(pair)).toEqual({ 200: 1, 409: 1 });
      const loser = pair.find((r) => r.status === 409)!;
      expect(loser.body.error).toMatchObject({ code: 'SLOT_UNAVAILABLE', details: { reason: 'CONFLICT' } });
      const winner = pair.find((r) => r.status === 200)!;
      expect(winner.body).toMatchObject({ startsAt: pairs[k]!.target, resource: { id: r1.id }, version: 2 });
      // The loser stays where it was, untouched.
      const loserBooking = pair[0] === loser ? pairs[k]!.a : pairs[k]!.b;
      const stored = await t.prisma.booking.findUniqueOrThrow({ where: { id: loserBooking.id } });
      expect({ startsAt: stored.startsAt.toISOString(), resourceId: stored.resourceId, version: stored.version }).toEqual({
        startsAt: loserBooking.startsAt,
        resourceId: loserBooking.resource.id,
        version: 1,
      });
    }
    expect(await overlappingPairs(owner.tenantId)).toBe(0);
    // Each move's event is written in its transaction: the winners have one, the losers none.
    const winners = results.map((pair) => (pair.find((r) => r.status === 200)!.body as { id: string }).id);
    expect(await queuedEvents(owner.tenantId, 'rescheduled')).toEqual(winners.sort());
  }, 60_000);
});

describe('reschedules racing creates over expiring holds', () => {
  /**
   * Sessions of this database waiting for a lock, by what they wait to do: lock resource rows,
   * or expire holds (`client` clears its pg_stat_activity snapshot first).
   */
  async function lockWaiters(client: pg.Client): Promise<{ onResources: number; onHolds: number }> {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ onResources: number; onHolds: number }>(
      `SELECT (count(*) FILTER (WHERE query ILIKE '%FROM "Resource"%FOR UPDATE%'))::int AS "onResources",
              (count(*) FILTER (WHERE query ILIKE '%UPDATE "Booking" SET status = ''EXPIRED''%'))::int AS "onHolds"
       FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return rows[0]!;
  }
  const pause = () => new Promise((r) => setTimeout(r, 25));

  it('holds moved away while their slots, just expired, are booked: the two queue on the resource lock (201 and 409), never deadlock', async () => {
    // Each hold sits on `high`; staff move it to `low` at another time, which locks `low` first
    // (id order). While the moves wait for `low`, the holds run out and customers book their
    // slots on `high`: creation locks `high`, then expires the hold in the way. Before both
    // paths locked resources before bookings, a move held its hold's row while waiting for the
    // resources and creation held `high` while waiting for the hold: a deadlock, answered 500.
    const { owner, service, resources } = await setUpBookable(t, { resources: 2, service: { requiresPayment: true, priceMinor: 5000 } });
    await connectStripeQuietly(t, owner);
    const [low, high] = resources.map((r) => r.id).sort() as [string, string];
    const hours = ['09', '11', '13'];
    type Hold = Awaited<ReturnType<typeof booked>> & { status: string; holdExpiresAt: string };
    const holds: Hold[] = [];
    for (const hh of hours) {
      const hold = await booked(owner.slug, {
        serviceId: service.id,
        resourceId: high,
        startsAt: `2030-03-05T${hh}:00:00.000Z`,
        timeZone: 'UTC',
        customer: customer(`hold-${hh}`),
      });
      holds.push(hold as Hold);
    }
    expect(holds.map((h) => h.status)).toEqual(['PENDING_PAYMENT', 'PENDING_PAYMENT', 'PENDING_PAYMENT']);

    const locker = new pg.Client({ connectionString: workerDatabaseUrl() });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM "Resource" WHERE id = $1 FOR UPDATE', [low]);
      const moves = holds.map((h, i) => patch(owner, h.id, { version: 1, resourceId: low, startsAt: `2030-03-06T${hours[i]}:00:00.000Z` }));
      // Every move waits to lock the resources (not merely some session for some lock).
      for (let i = 0; (await lockWaiters(locker)).onResources < hours.length; i++) {
        if (i > 400) throw new Error('the moves never queued behind the locked resource');
        await pause();
      }

      clock.set(new Date(Math.max(...holds.map((h) => Date.parse(h.holdExpiresAt))) + 60_000));
      let createsDone = false;
      const creates = Promise.all(
        hours.map((hh) =>
          book(owner.slug, {
            serviceId: service.id,
            resourceId: high,
            startsAt: `2030-03-05T${hh}:00:00.000Z`,
            timeZone: 'UTC',
            customer: customer(`late-${hh}`),
          }),
        ),
      ).finally(() => {
        createsDone = true;
      });
      // Either the creates finish while the moves wait, or one waits to expire a hold whose row a move holds.
      for (let i = 0; i < 400 && !createsDone && (await lockWaiters(locker)).onHolds === 0; i++) await pause();
      await locker.query('COMMIT');
      const [moved, created] = await Promise.all([Promise.all(moves), creates]);

      const answers = JSON.stringify({ moved: moved.map((r) => r.body.error ?? r.status), created: created.map((r) => r.body.error ?? r.status) });
      expect(statusCounts(created), answers).toEqual({ 201: hours.length });
      expect(statusCounts(moved), answers).toEqual({ 409: hours.length });
      expect(codes(moved), answers).toEqual(['VERSION_CONFLICT']);
      const stored = await t.prisma.booking.findMany({ where: { id: { in: holds.map((h) => h.id) } }, select: { status: true, resourceId: true } });
      expect(stored).toEqual(holds.map(() => ({ status: 'EXPIRED', resourceId: high })));
      expect(await overlappingPairs(owner.tenantId)).toBe(0);
    } finally {
      clock.set('2030-03-04T08:00:00Z');
      await locker.end();
    }
  }, 60_000);
});
