import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/clock';
import { manageUrl } from '../src/modules/selfservice/manage-link';
import { createTestApp, type TestApp } from './app';
import { customer, setUpBookable, type Bookable } from './booking-factories';
import { createCustomer } from './catalog-factories';
import { as, ORIGIN } from './factories';

/**
 * Input the contracts used to let through to PostgreSQL or the time module, where it failed as
 * a 500: control characters in stored text, undecodable path parameters, dates outside the
 * range the product can represent, unknown members of enum lists. Each answers 4xx now.
 */

// Monday 2030-03-04 08:00 London.
const clock = new ManualClock('2030-03-04T08:00:00Z');
let t: TestApp;
let world: Bookable;
beforeAll(async () => {
  t = await createTestApp({ clock });
  world = await setUpBookable(t);
});
afterAll(() => t.close());

const errorBody = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String), requestId: expect.any(String) }) });

describe('control characters in text', () => {
  const NUL = 'Ann\u0000Lee';

  it('a NUL in any stored string is a 400, signed in or not', async () => {
    const owner = as(t, world.owner);
    const pub = (body: object) => t.http.post(`/v1/public/tenants/${world.owner.slug}/bookings`).set('Origin', ORIGIN).send(body);
    const booking = { serviceId: world.service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC' };
    const someCustomer = await createCustomer(t, world.owner, { email: 'nul-target@example.test', name: 'Target' });
    const attempts = [
      pub({ ...booking, customer: { ...customer('nul'), name: NUL } }),
      pub({ ...booking, customer: customer('nul'), notes: 'first\u0000' }),
      t.http.post('/v1/auth/signup').set('Origin', ORIGIN).send({
        tenantName: NUL,
        slug: 'nul-tenant',
        timeZone: 'UTC',
        name: 'Owner',
        email: 'nul-owner@example.test',
        password: 'correct horse battery',
      }),
      t.http.post('/v1/auth/signup').set('Origin', ORIGIN).send({
        tenantName: 'Fine',
        slug: 'nul-owner',
        timeZone: 'UTC',
        name: NUL,
        email: 'nul-owner2@example.test',
        password: 'correct horse battery',
      }),
      owner.post('/v1/resources').send({ name: NUL }),
      owner.patch(`/v1/resources/${world.resource.id}`).send({ name: NUL }),
      owner.post('/v1/services').send({ name: NUL, durationMin: 30, priceMinor: 0, currency: 'EUR', resourceIds: [world.resource.id] }),
      owner.patch(`/v1/services/${world.service.id}`).send({ description: 'x\u0000' }),
      owner.post('/v1/customers').send({ name: NUL, email: 'nul-c@example.test' }),
      owner.patch(`/v1/customers/${someCustomer.id}`).send({ notes: 'a\u0000b' }),
      owner.post('/v1/blackouts').send({ startDate: '2030-04-01', endDate: '2030-04-01', reason: NUL }),
      owner.patch('/v1/tenant').send({ name: NUL }),
      owner.patch('/v1/tenant').send({ brandDisplayName: NUL }),
      owner.get('/v1/bookings').query({ q: 'a\u0000' }),
      owner.get('/v1/customers').query({ q: 'a\u0000' }),
    ];
    for (const [i, res] of (await Promise.all(attempts)).entries()) {
      expect(res.status, `attempt ${i} → ${res.text.slice(0, 200)}`).toBe(400);
      expect(res.body).toEqual(errorBody('VALIDATION_FAILED'));
    }
    expect(await t.prisma.booking.count({ where: { tenantId: world.owner.tenantId } })).toBe(0);
  });

  it('other control characters are refused in one-line text, while notes keep their line breaks and tabs', async () => {
    const owner = as(t, world.owner);
    for (const bad of ['A\u0007B', 'A\nB', 'A\u001bB', 'A\u007fB', 'A\ud800B']) {
      const res = await owner.post('/v1/resources').send({ name: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    for (const bad of ['a\u0001b', 'a\u000bb', 'a\ud800b']) {
      const res = await owner.post('/v1/customers').send({ name: 'Multi', email: `ctl-${bad.charCodeAt(1)}@example.test`, notes: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    const ok = await owner.post('/v1/customers').send({ name: 'Multi Line', email: 'multi@example.test', notes: 'line one\r\nline two\tindented 😀' });
    expect(ok.status).toBe(201);
    expect(ok.body.notes).toBe('line one\r\nline two\tindented 😀');
  });
});

describe('undecodable or impossible path parameters', () => {
  it.each([
    '/v1/public/tenants/%00',
    '/v1/public/tenants/%ff',
    '/v1/public/tenants/%E0%A4%A',
    '/v1/public/tenants/%00/services',
    '/v1/public/tenants/Not%20A%20Slug/services',
    '/v1/public/manage/%ff.%ff',
    '/v1/public/invitations/%ff',
    '/v1/public/invitations/%00',
  ])('GET %s answers 4xx JSON', async (path) => {
    const res = await t.http.get(path);
    expect(res.status, res.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual(errorBody(res.status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED'));
  });

  it('a slug that cannot exist is an unknown business (404)', async () => {
    for (const slug of ['%00', 'UPPER', 'a%20b', 'x'.repeat(41)]) {
      const res = await t.http.get(`/v1/public/tenants/${slug}`);
      expect(res.status, slug).toBe(404);
      expect(res.body).toEqual(errorBody('NOT_FOUND'));
    }
  });

  it('malformed percent-encoding in a session route is a 400 too', async () => {
    const res = await as(t, world.owner).get('/v1/bookings/%ff');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(errorBody('VALIDATION_FAILED'));
  });
});

describe('dates outside what the product can represent', () => {
  it('a public booking or a staff booking in year 0001 or 9999 is a 400', async () => {
    for (const startsAt of ['0001-01-01T10:00:00Z', '9999-12-31T10:00:00Z', '1899-12-31T10:00:00Z', '2030-02-30T10:00:00Z', '2030-03-05T24:00:00Z']) {
      const pub = await t.http
        .post(`/v1/public/tenants/${world.owner.slug}/bookings`)
        .set('Origin', ORIGIN)
        .send({ serviceId: world.service.id, startsAt, timeZone: 'UTC', customer: customer('y') });
      expect(pub.status, `${startsAt} → ${pub.text.slice(0, 200)}`).toBe(400);
      expect(pub.body).toEqual(errorBody('VALIDATION_FAILED'));
      const staff = await as(t, world.owner)
        .post('/v1/bookings')
        .send({ serviceId: world.service.id, resourceId: world.resource.id, startsAt, customer: customer('y') });
      expect(staff.status, `${startsAt} → ${staff.text.slice(0, 200)}`).toBe(400);
    }
  });

  it('a self-service reschedule to year 0001 or 9999 is a 400', async () => {
    const res = await t.http
      .post(`/v1/public/tenants/${world.owner.slug}/bookings`)
      .set('Origin', ORIGIN)
      .send({ serviceId: world.service.id, startsAt: '2030-03-06T10:00:00Z', timeZone: 'UTC', customer: customer('resched') })
      .expect(201);
    const row = await t.prisma.booking.findUniqueOrThrow({ where: { id: res.body.id } });
    const token = manageUrl(t.deps, row).split('/').pop()!;
    for (const startsAt of ['0001-01-01T00:00:00Z', '9999-12-31T23:00:00Z']) {
      const moved = await t.http.post(`/v1/public/manage/${token}/reschedule`).set('Origin', ORIGIN).send({ startsAt, version: 1 });
      expect(moved.status, `${startsAt} → ${moved.text.slice(0, 200)}`).toBe(400);
      expect(moved.body).toEqual(errorBody('VALIDATION_FAILED'));
    }
  });

  it('slots from 9999-12-31 or 0001-01-01 are a 400', async () => {
    for (const [from, to] of [
      ['9999-12-31', '9999-12-31'],
      ['0001-01-01', '0001-01-02'],
      ['1999-12-31', '2000-01-01'],
      ['2999-12-31', '3000-01-01'],
    ]) {
      const res = await t.http.get(`/v1/public/tenants/${world.owner.slug}/services/${world.service.id}/slots`).query({ from, to, timeZone: 'UTC' });
      expect(res.status, `${from} → ${res.text.slice(0, 200)}`).toBe(400);
      expect(res.body).toEqual(errorBody('VALIDATION_FAILED'));
    }
    // The last representable day still works.
    await t.http
      .get(`/v1/public/tenants/${world.owner.slug}/services/${world.service.id}/slots`)
      .query({ from: '2999-12-31', to: '2999-12-31', timeZone: 'Pacific/Kiritimati' })
      .expect(200);
  });
});

describe('enum lists', () => {
  it('GET /v1/bookings?status= with an unknown member is a 400; known lists still work', async () => {
    const owner = as(t, world.owner);
    for (const status of ['CONFIRMED,BOGUS', 'BOGUS', 'CONFIRMED,', 'CONFIRMED,,CANCELLED']) {
      const res = await owner.get('/v1/bookings').query({ status });
      expect(res.status, `${status} → ${res.text.slice(0, 200)}`).toBe(400);
      expect(res.body).toEqual(errorBody('VALIDATION_FAILED'));
    }
    await owner.get('/v1/bookings').query({ status: 'CONFIRMED,CANCELLED' }).expect(200);
    await owner.get('/v1/bookings').query({ status: 'NO_SHOW' }).expect(200);
  });
});

describe('bookings search', () => {
  it('q matches % and _ literally, as the customers search does', async () => {
    const { owner, service } = await setUpBookable(t);
    const book = (name: string, email: string, hour: number) =>
      t.http
        .post(`/v1/public/tenants/${owner.slug}/bookings`)
        .set('Origin', ORIGIN)
        .send({ serviceId: service.id, startsAt: `2030-03-05T${String(hour).padStart(2, '0')}:00:00Z`, timeZone: 'UTC', customer: { name, email } })
        .expect(201);
    await book('Half 50% Off', 'half@example.test', 9);
    await book('Fifty 500 Off', 'fifty@example.test', 10);
    await book('Plain Name', 'under_score@example.test', 11);
    const names = async (q: string) =>
      ((await as(t, owner).get('/v1/bookings').query({ q }).expect(200)).body.items as { customer: { name: string } }[]).map((b) => b.customer.name).sort();
    expect(await names('50%')).toEqual(['Half 50% Off']);
    expect(await names('_')).toEqual(['Plain Name']);
    expect(await names('%')).toEqual(['Half 50% Off']);
    expect(await names('\\')).toEqual([]);
    expect(await names('fifty')).toEqual(['Fifty 500 Off']);
  });
});
