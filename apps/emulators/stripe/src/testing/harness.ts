import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from '../index';

/**
 * Test harness: the emulator with a platform and a Connect webhook endpoint served by a small local
 * receiver that verifies every delivery with the real SDK's `constructEvent`.
 */

export const PLATFORM_SECRET = 'whsec_platform_test_secret';
export const CONNECT_SECRET = 'whsec_connect_test_secret';

export type Received = { path: string; headers: IncomingHttpHeaders; raw: string; event: Stripe.Event; connect: boolean };

export type Receiver = {
  url: string;
  received: Received[];
  /** Signatures that did not verify (should stay empty). */
  rejected: string[];
  /** The status to answer with for a delivery (default 200). */
  respond: (fn: (r: Received, index: number) => number) => void;
  waitFor(predicate: (r: Received) => boolean, count?: number, timeoutMs?: number): Promise<Received[]>;
  stop(): Promise<void>;
};

const verifier = new Stripe('sk_test_verifier');

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const rejected: string[] = [];
  let answer: (r: Received, index: number) => number = () => 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const connect = req.url === '/connect';
      try {
        const event = verifier.webhooks.constructEvent(raw, req.headers['stripe-signature'] as string, connect ? CONNECT_SECRET : PLATFORM_SECRET);
        const r: Received = { path: req.url ?? '', headers: req.headers, raw, event, connect };
        received.push(r);
        res.writeHead(answer(r, received.length - 1)).end('{}');
      } catch (err) {
        rejected.push(String(err));
        res.writeHead(400).end('bad signature');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    rejected,
    respond: (fn) => {
      answer = fn;
    },
    async waitFor(predicate, count = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.filter(predicate);
        if (found.length >= count) return found;
        if (Date.now() > deadline)
          throw new Error(`Expected ${count} matching deliveries, got ${found.length} (all: ${received.map((r) => r.event.type).join(', ')})`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type Harness = { emulator: StripeEmulator; receiver: Receiver; stripe: Stripe; stop(): Promise<void> };

export async function startHarness(opts: StripeEmulatorOptions = {}, sdk: Partial<Stripe.StripeConfig> = {}): Promise<Harness> {
  const receiver = await startReceiver();
  const emulator = await startStripeEmulator({
    webhookEndpoints: [
      { url: `${receiver.url}/platform`, secret: PLATFORM_SECRET, connect: false },
      { url: `${receiver.url}/connect`, secret: CONNECT_SECRET, connect: true },
    ],
    webhookRetry: { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 4 },
    ...opts,
  });
  const stripe = new Stripe('sk_test_emulator', { ...emulator.sdkOptions, ...sdk });
  return {
    emulator,
    receiver,
    stripe,
    async stop() {
      await emulator.stop();
      await receiver.stop();
    },
  };
}

/** A connected account that finished onboarding, so it can take direct charges. */
export async function onboardedAccount(h: Harness): Promise<Stripe.Account> {
  const account = await h.stripe.accounts.create({
    controller: { fees: { payer: 'account' }, losses: { payments: 'stripe' }, stripe_dashboard: { type: 'full' } },
    country: 'US',
    email: 'owner@example.test',
  });
  h.emulator.controls.completeOnboarding(account.id);
  return account;
}

/** The params of a typical Slotwise paid booking session. */
export function sessionParams(h: Harness, over: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 5000, product_data: { name: 'Haircut — Mon 9 Dec, 10:00' } } }],
    payment_intent_data: { application_fee_amount: 250, metadata: { bookingId: 'b1' } },
    metadata: { tenantId: 't1', bookingId: 'b1' },
    client_reference_id: 'b1',
    customer_email: 'customer@example.test',
    success_url: 'http://shop.test/done?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://shop.test/cancel',
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    ...over,
  };
}

/** POSTs JSON to a test control. */
export async function control(h: Harness, path: string, body: unknown = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${h.emulator.url}/_emulator${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
