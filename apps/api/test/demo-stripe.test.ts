import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { runWithContext } from '../src/platform/context';
import { DEMO, seedDemoIfEmpty } from '../src/seed/demo';
import { connectDemoToStripe } from '../src/seed/demo-stripe';
import { createTestApp, type TestApp } from './app';
import { ORIGIN } from './factories';

/** What `pnpm start` does with the local Stripe emulator: the demo tenant can take payments after every start. */
describe('the demo tenant and the local Stripe emulator', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ stripe: true });
  });
  afterAll(() => t.close());

  const ctx = () => ({ requestId: 'test-dev', correlationId: 'test-dev', logger: t.deps.logger });
  const demoAccount = async (cookie: string) =>
    (await t.http.get('/v1/payments/account').set('Cookie', cookie).expect(200)).body as { status: string; accountId?: string };
  const colour = async () =>
    ((await t.http.get(`/v1/public/tenants/${DEMO.slug}/services`).expect(200)).body.items as { name: string; bookableOnline: boolean }[]).find(
      (s) => s.name === 'Colour',
    );

  it('is connected with its paid service bookable, and connected anew when a restarted emulator no longer knows its account', async () => {
    await runWithContext(ctx(), () => seedDemoIfEmpty(t.deps));
    expect((await colour())?.bookableOnline).toBe(false);
    await connectDemoToStripe(t.deps, t.stripe!.controls);
    const login = await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: DEMO.ownerEmail, password: DEMO.ownerPassword }).expect(200);
    const cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('slotwise_session='))!.split(';')[0]!;
    const first = await demoAccount(cookie);
    expect(first.status).toBe('ACTIVE');
    expect((await colour())?.bookableOnline).toBe(true);

    // Connecting again while active changes nothing.
    await connectDemoToStripe(t.deps, t.stripe!.controls);
    expect(await demoAccount(cookie)).toMatchObject({ status: 'ACTIVE', accountId: first.accountId });

    // A restart: the emulator's memory is gone.
    await t.stripe!.settle();
    t.stripe!.controls.reset();
    await connectDemoToStripe(t.deps, t.stripe!.controls);
    const second = await demoAccount(cookie);
    expect(second.status).toBe('ACTIVE');
    expect(second.accountId).not.toBe(first.accountId);
    expect((await colour())?.bookableOnline).toBe(true);
  });

  it('lists the running emulators at GET /dev/emulators outside production only', async () => {
    const devEmulators = { stripe: { url: t.stripe!.url }, smtp: { url: 'smtp://127.0.0.1:2525', outbox: 'http://localhost:3000/dev/outbox' } };
    const dev = createApp({ ...t.deps, devEmulators });
    expect((await supertest(dev).get('/dev/emulators').expect(200)).body).toEqual(devEmulators);
    const production = createApp({ ...t.deps, devEmulators, config: { ...t.deps.config, NODE_ENV: 'production' } });
    expect((await supertest(production).get('/dev/emulators')).status).toBe(404);
    expect((await t.http.get('/dev/emulators')).status).toBe(404);
  });
});
