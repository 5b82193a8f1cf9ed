import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { setUpBookable } from '../../../test/booking-factories';
import { createCustomer } from '../../../test/catalog-factories';
import { as, ORIGIN } from '../../../test/factories';
import { ManualClock } from '../../platform/clock';

// Monday 2030-03-04 08:00 London.
const clock = new ManualClock('2030-03-04T08:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

describe('public booking and stored customer data', () => {
  it('answers with what the caller typed, attaches to a known email without changing the record, and shows staff both', async () => {
    const { owner, service } = await setUpBookable(t);
    const known = await createCustomer(t, owner, { name: 'Ada Lovelace', email: 'ada@example.test', notes: 'Allergic to latex' });
    expect(known).toMatchObject({ phone: null, timeZone: null });

    const res = await t.http
      .post(`/v1/public/tenants/${owner.slug}/bookings`)
      .set('Origin', ORIGIN)
      .send({
        serviceId: service.id,
        startsAt: '2030-03-05T10:00:00Z',
        timeZone: 'Asia/Kolkata',
        customer: { name: 'Mallory', email: 'ADA@example.test', phone: '+44 20 7946 0999' },
      });
    expect(res.status).toBe(201);
    // The caller learns nothing about the stored customer.
    expect(res.body.customer).toEqual({ name: 'Mallory', email: 'ada@example.test' });
    expect(JSON.stringify(res.body)).not.toMatch(/Ada Lovelace|latex/);

    // The record is as it was: no phone or zone filled in, no change in its trail.
    const record = await as(t, owner).get(`/v1/customers/${known.id}`).expect(200);
    expect(record.body).toEqual(known);
    const trail = await as(t, owner).get(`/v1/audit/trail/customer/${known.id}`).expect(200);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(['customer.created']);

    // Staff see the booking on the known customer, with what was typed beside the record.
    const staffView = await as(t, owner).get(`/v1/bookings/${res.body.id}`).expect(200);
    expect(staffView.body).toMatchObject({
      customerId: known.id,
      customer: { id: known.id, name: 'Ada Lovelace', email: 'ada@example.test', phone: null },
      customerName: 'Mallory',
      customerPhone: '+44 20 7946 0999',
      timeZone: 'Asia/Kolkata',
    });
  });

  it('creates a new customer from what was typed, and a replay answers the same', async () => {
    const { owner, service } = await setUpBookable(t);
    const body = {
      serviceId: service.id,
      startsAt: '2030-03-05T11:00:00Z',
      timeZone: 'Europe/Paris',
      customer: { name: 'Grace Hopper', email: 'grace@example.test', phone: '+33 1 23 45 67 89' },
    };
    const send = () =>
      t.http.post(`/v1/public/tenants/${owner.slug}/bookings`).set('Origin', ORIGIN).set('Idempotency-Key', 'public-new-customer-1').send(body);
    const first = await send().expect(201);
    expect(first.body.customer).toEqual({ name: 'Grace Hopper', email: 'grace@example.test' });
    expect((await send().expect(201)).body).toEqual(first.body);
    const staffView = await as(t, owner).get(`/v1/bookings/${first.body.id}`).expect(200);
    expect(staffView.body).toMatchObject({ customerName: 'Grace Hopper', customerPhone: '+33 1 23 45 67 89' });
    const record = await as(t, owner).get(`/v1/customers/${staffView.body.customerId}`).expect(200);
    expect(record.body).toMatchObject({ name: 'Grace Hopper', email: 'grace@example.test', phone: '+33 1 23 45 67 89', timeZone: 'Europe/Paris' });
  });
});
