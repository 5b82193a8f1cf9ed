import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createControls, type Controls } from './controls';
import { Faults } from './faults';
import { createRequestHandler, type HttpState } from './http';
import type { Core } from './router';
import { Store } from './store';
import { STRIPE_API_VERSION } from './types';
import { WebhookDispatcher, type WebhookEndpoint, type WebhookRetryOptions } from './webhooks';

/**
 * A local stand-in for the part of Stripe Slotwise uses (Connect accounts, account links,
 * Checkout, payment intents, charges, refunds, application fees, customers, saved cards and their
 * Connect clones, events, signed webhooks),
 * reached by the official `stripe` SDK through its `host`/`port`/`protocol` options.
 * State lives in memory; any `sk_test_…` key is accepted. See README.md.
 */

export { STRIPE_API_VERSION } from './types';
export { signPayload } from './webhooks';
export type { Controls, RequirementsPatch } from './controls';
export type { FaultSpec, FaultType } from './faults';
export type { CardInput, PaymentResult } from './payments';
export type { SetupResult } from './setup';
export type { Delivery, ReleaseOrder, WebhookEndpoint, WebhookRetryOptions } from './webhooks';
export type * from './types';

export type StripeEmulatorOptions = {
  /** Default 0: a free port chosen by the OS. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where webhooks go: platform events to `connect: false` endpoints, connected accounts' to `connect: true`. */
  webhookEndpoints?: WebhookEndpoint[];
  /** Retry schedule for webhook deliveries (tests use short delays). */
  webhookRetry?: WebhookRetryOptions;
  /** The emulator's clock (object timestamps, expiry rules, session and link expiry). Default: real time. */
  clock?: () => Date;
  /** Base URL for hosted pages when the emulator is reached through another address. Default: `url`. */
  publicUrl?: string;
  /** How often open Checkout Sessions past `expires_at` are expired. Default 1000 ms; 0 turns the timer off (requests still check). */
  expirySweepMs?: number;
};

export type StripeEmulator = {
  /** e.g. `http://127.0.0.1:PORT` — the API is under `/v1`, hosted pages and `/_emulator` controls beside it. */
  url: string;
  host: string;
  port: number;
  /** The API version the emulator speaks; pin the SDK to it. */
  apiVersion: typeof STRIPE_API_VERSION;
  /** Options for `new Stripe(anySkTestKey, emulator.sdkOptions)`. */
  sdkOptions: { host: string; port: number; protocol: 'http'; apiVersion: typeof STRIPE_API_VERSION };
  controls: Controls;
  stop(): Promise<void>;
};

export async function startStripeEmulator(opts: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const clock = opts.clock ?? (() => new Date());
  const webhooks = new WebhookDispatcher(opts.webhookEndpoints ?? [], opts.webhookRetry);
  const store = new Store((event) => webhooks.dispatch(event));
  let baseUrl = '';
  const core: Core = {
    store,
    now: () => Math.floor(clock().getTime() / 1000),
    publicUrl: () => (opts.publicUrl ?? baseUrl).replace(/\/$/, ''),
  };
  const faults = new Faults();
  const idempotency: HttpState['idempotency'] = new Map();
  const controls = createControls(core, webhooks, faults, () => {
    store.reset();
    webhooks.reset();
    faults.clear();
    idempotency.clear();
  });
  const server = createServer(createRequestHandler({ core, faults, controls, idempotency }));

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${port}`;

  const sweepMs = opts.expirySweepMs ?? 1000;
  const sweep = sweepMs > 0 ? setInterval(() => controls.expireDue(), sweepMs) : null;
  sweep?.unref();

  return {
    url: baseUrl,
    host: urlHost,
    port,
    apiVersion: STRIPE_API_VERSION,
    sdkOptions: { host: urlHost, port, protocol: 'http', apiVersion: STRIPE_API_VERSION },
    controls,
    async stop() {
      if (sweep) clearInterval(sweep);
      await webhooks.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging requests (an armed `hang` fault) and idle keep-alive sockets would keep it open.
        server.closeAllConnections();
      });
    },
  };
}
