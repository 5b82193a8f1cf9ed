import { apiContract } from '@slotwise/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/clock';
import { createTestApp, type TestApp } from './app';
import { customer, setUpBookable, type Bookable } from './booking-factories';
import { addMember, as, ORIGIN, type Staff } from './factories';
import { dbFingerprint } from './fingerprint';
import { routesOf } from './routes';

/**
 * Tenant isolation, route by route. Every contract route that takes a path parameter has an
 * entry: tenant B's staff (an OWNER, so roles never explain a 404) use tenant A's ids and get
 * 404, and tenant A's data is unchanged. A new route without an entry fails this test.
 */

type World = {
  a: Bookable;
  b: Bookable;
  ids: {
    resource: string;
    service: string;
    customer: string;
    booking: string;
    blackout: string;
    invitation: string;
    member: string;
    overrideDate: string;
    checkoutSession: string;
  };
};
type Entry = { exempt: string } | ((w: World, t: TestApp) => { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string; body?: unknown });

const MATRIX: Record<string, Entry> = {
  'tenant.updateMember': (w) => ({ method: 'patch', path: `/v1/members/${w.ids.member}`, body: { role: 'ADMIN' } }),
  'tenant.removeMember': (w) => ({ method: 'delete', path: `/v1/members/${w.ids.member}` }),
  'tenant.revokeInvitation': (w) => ({ method: 'delete', path: `/v1/invitations/${w.ids.invitation}` }),
  'tenant.resendInvitation': (w) => ({ method: 'post', path: `/v1/invitations/${w.ids.invitation}/resend` }),
  'invitations.get': { exempt: 'the token is the credential and names its tenant; covered by tenant.test.ts' },
  'invitations.accept': { exempt: 'the token is the credential and names its tenant; covered by tenant.test.ts' },
  'audit.trail': (w) => ({ method: 'get', path: `/v1/audit/trail/booking/${w.ids.booking}` }),
  'resources.get': (w) => ({ method: 'get', path: `/v1/resources/${w.ids.resource}` }),
  'resources.update': (w) => ({ method: 'patch', path: `/v1/resources/${w.ids.resource}`, body: { name: 'Hijacked' } }),
  'resources.getHours': (w) => ({ method: 'get', path: `/v1/resources/${w.ids.resource}/hours` }),
  'resources.setHours': (w) => ({ method: 'put', path: `/v1/resources/${w.ids.resource}/hours`, body: [] }),
  'resources.listOverrides': (w) => ({ method: 'get', path: `/v1/resources/${w.ids.resource}/overrides` }),
  'resources.setOverride': (w) => ({ method: 'post', path: `/v1/resources/${w.ids.resource}/overrides`, body: { date: '2030-03-12', ranges: [] } }),
  'resources.deleteOverride': (w) => ({ method: 'delete', path: `/v1/resources/${w.ids.resource}/overrides/${w.ids.overrideDate}` }),
  'calendar.connect': (w) => ({ method: 'post', path: `/v1/resources/${w.ids.resource}/calendar/connect` }),
  'calendar.get': (w) => ({ method: 'get', path: `/v1/resources/${w.ids.resource}/calendar` }),
  'calendar.update': (w) => ({ method: 'patch', path: `/v1/resources/${w.ids.resource}/calendar`, body: { busyCalendarIds: [] } }),
  'calendar.disconnect': (w) => ({ method: 'delete', path: `/v1/resources/${w.ids.resource}/calendar` }),
  'blackouts.delete': (w) => ({ method: 'delete', path: `/v1/blackouts/${w.ids.blackout}` }),
  'services.get': (w) => ({ method: 'get', path: `/v1/services/${w.ids.service}` }),
  'services.update': (w) => ({ method: 'patch', path: `/v1/services/${w.ids.service}`, body: { name: 'Hijacked' } }),
  'services.archive': (w) => ({ method: 'delete', path: `/v1/services/${w.ids.service}` }),
  'services.restore': (w) => ({ method: 'post', path: `/v1/services/${w.ids.service}/restore` }),
  'services.slots': (w) => ({ method: 'get', path: `/v1/services/${w.ids.service}/slots?from=2030-03-05&to=2030-03-05&timeZone=UTC` }),
  'customers.get': (w) => ({ method: 'get', path: `/v1/customers/${w.ids.customer}` }),
  'customers.update': (w) => ({ method: 'patch', path: `/v1/customers/${w.ids.customer}`, body: { name: 'Hijacked' } }),
  'customers.delete': (w) => ({ method: 'delete', path: `/v1/customers/${w.ids.customer}` }),
  'bookings.get': (w) => ({ method: 'get', path: `/v1/bookings/${w.ids.booking}` }),
  'bookings.history': (w) => ({ method: 'get', path: `/v1/bookings/${w.ids.booking}/history` }),
  'bookings.update': (w) => ({ method: 'patch', path: `/v1/bookings/${w.ids.booking}`, body: { version: 1, notes: 'Hijacked' } }),
  'bookings.cancel': (w) => ({ method: 'post', path: `/v1/bookings/${w.ids.booking}/cancel`, body: { reason: 'Hijacked', version: 1 } }),
  'bookings.setStatus': (w) => ({ method: 'post', path: `/v1/bookings/${w.ids.booking}/status`, body: { status: 'NO_SHOW', version: 1 } }),
  'payments.refund': (w) => ({ method: 'post', path: `/v1/bookings/${w.ids.booking}/refunds`, body: { amountMinor: 100, reason: 'Hijacked' } }),
  'payments.recordBalance': (w) => ({ method: 'post', path: `/v1/bookings/${w.ids.booking}/payment/balance`, body: { method: 'CASH' } }),
  // Public routes: tenant B's address with tenant A's ids.
  'public.tenant': { exempt: 'takes only the slug, which is what selects the tenant' },
  'public.services': { exempt: 'takes only the slug, which is what selects the tenant' },
  'public.slots': (w) => ({
    method: 'get',
    path: `/v1/public/tenants/${w.b.owner.slug}/services/${w.ids.service}/slots?from=2030-03-05&to=2030-03-05&timeZone=UTC`,
  }),
  'public.book': { exempt: 'takes no id in its path; a foreign serviceId in the body is checked below' },
  'public.checkoutStatus': (w) => ({ method: 'get', path: `/v1/public/tenants/${w.b.owner.slug}/checkout/${w.ids.checkoutSession}` }),
  'manage.view': { exempt: 'the signed token is the credential and names its tenant; tampering is tested in selfservice.test.ts' },
  'manage.cancel': { exempt: 'the signed token is the credential and names its tenant; tampering is tested in selfservice.test.ts' },
  'manage.reschedule': { exempt: 'the signed token is the credential and names its tenant; tampering is tested in selfservice.test.ts' },
  'wallet.removeCard': { exempt: "platform data, no tenant's: the wallet session names the wallet; another wallet's card is 404 in saved-cards.test.ts" },
};

describe('cross-tenant isolation', () => {
  const clock = new ManualClock('2030-03-04T08:00:00Z');
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp({ clock, env: { SESSION_IDLE_HOURS: '2160' } });
    const a = await setUpBookable(t);
    const b = await setUpBookable(t);
    const staffA: Staff = await addMember(t, a.owner, 'STAFF');
    const booking = await t.http
      .post(`/v1/public/tenants/${a.owner.slug}/bookings`)
      .set('Origin', ORIGIN)
      .send({ serviceId: a.service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC', customer: customer('iso') })
      .expect(201);
    const blackout = await as(t, a.owner).post('/v1/blackouts').send({ startDate: '2030-12-25', endDate: '2030-12-26', reason: 'Holidays' }).expect(201);
    const invitation = await as(t, a.owner).post('/v1/invitations').send({ email: 'pending@example.test', role: 'STAFF' }).expect(201);
    await as(t, a.owner).post(`/v1/resources/${a.resource.id}/overrides`).send({ date: '2030-03-11', ranges: [] }).expect(200);
    const members = (await as(t, a.owner).get('/v1/members')).body.items as { id: string; user: { id: string } }[];
    const bookingRow = await t.prisma.booking.findUniqueOrThrow({ where: { id: booking.body.id } });
    // A Checkout Session of tenant A's (payments need Stripe, which this file does without: the row alone is what the route reads).
    const checkoutSession = 'cs_test_crosstenantisolation';
    await t.prisma.payment.create({
      data: {
        tenantId: a.owner.tenantId,
        bookingId: booking.body.id,
        stripeAccountId: 'acct_crosstenant',
        checkoutSessionId: checkoutSession,
        checkoutUrl: `https://checkout.stripe.com/c/pay/${checkoutSession}`,
        status: 'PENDING',
        amountMinor: 5000,
        applicationFeeMinor: 0,
        currency: 'GBP',
        expiresAt: new Date('2030-03-04T09:00:00Z'),
      },
    });
    await t.http.get(`/v1/public/tenants/${a.owner.slug}/checkout/${checkoutSession}`).expect(200);
    w = {
      a,
      b,
      ids: {
        resource: a.resource.id,
        service: a.service.id,
        customer: bookingRow.customerId,
        booking: booking.body.id,
        blackout: blackout.body.id,
        invitation: invitation.body.id,
        member: members.find((m) => m.user.id === staffA.userId)!.id,
        overrideDate: '2030-03-11',
        checkoutSession,
      },
    };
  });
  afterAll(() => t.close());

  const routes = routesOf(apiContract).filter(([, r]) => /:\w+/.test(r.path));

  it('has an entry for every route that takes a path parameter', () => {
    const missing = routes.map(([key]) => key).filter((key) => !(key in MATRIX));
    expect(missing, 'add these routes to MATRIX in cross-tenant.test.ts').toEqual([]);
    const stale = Object.keys(MATRIX).filter((key) => !routes.some(([k]) => k === key));
    expect(stale, 'MATRIX names routes that no longer exist').toEqual([]);
  });

  it("answers 404 to tenant B for each of tenant A's resources, and changes nothing", async () => {
    const before = await dbFingerprint(t.prisma);
    const failures: string[] = [];
    for (const [key] of routes) {
      const entry = MATRIX[key];
      if (!entry || 'exempt' in entry) continue;
      const { method, path, body } = entry(w, t);
      const asB = as(t, w.b.owner);
      const res = await asB[method](path).send(body as object);
      if (res.status !== 404) failures.push(`${key}: ${method.toUpperCase()} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
      else if (res.body.error?.code !== 'NOT_FOUND') failures.push(`${key}: 404 without the NOT_FOUND body`);
    }
    expect(failures).toEqual([]);
    const after = await dbFingerprint(t.prisma);
    // Tenant B's own audit log may not change either: nothing happened.
    expect(after).toEqual(before);
  });

  it("refuses tenant A's service id in tenant B's public booking form", async () => {
    const res = await t.http
      .post(`/v1/public/tenants/${w.b.owner.slug}/bookings`)
      .set('Origin', ORIGIN)
      .send({ serviceId: w.ids.service, startsAt: '2030-03-05T11:00:00Z', timeZone: 'UTC', customer: customer('x') });
    expect(res.status).toBe(404);
  });

  it("refuses tenant A's ids inside tenant B's request bodies", async () => {
    const staffBooking = await as(t, w.b.owner)
      .post('/v1/bookings')
      .send({ serviceId: w.b.service.id, resourceId: w.b.resource.id, startsAt: '2030-03-05T11:00:00Z', customerId: w.ids.customer });
    expect(staffBooking.status).toBeGreaterThanOrEqual(400);
    expect(staffBooking.status).toBeLessThan(500);
    const foreignResource = await as(t, w.b.owner)
      .post('/v1/services')
      .send({ name: 'X', durationMin: 30, priceMinor: 0, currency: 'EUR', resourceIds: [w.ids.resource] });
    expect(foreignResource.status).toBe(400);
    const switchToA = await as(t, w.b.owner).post('/v1/me/tenant').send({ tenantId: w.a.owner.tenantId });
    expect(switchToA.status).toBe(404);
  });

  it('lists only the own tenant’s rows', async () => {
    for (const path of ['/v1/resources', '/v1/services', '/v1/customers', '/v1/bookings', '/v1/blackouts', '/v1/members', '/v1/audit?limit=200']) {
      const res = await as(t, w.b.owner).get(path).expect(200);
      const text = JSON.stringify(res.body);
      for (const id of Object.values(w.ids)) expect(text, `${path} leaks ${id}`).not.toContain(id);
    }
  });
});
