import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config';

export type StripeSetup = {
  /** The configuration to run with: with the emulator's URL, key and webhook secrets when it was started. */
  config: Config;
  /** The local emulator, when this process started one (never in production). */
  emulator?: {
    url: string;
    completeOnboarding(accountId: string): unknown;
    /** What the demo's payment history (seed/demo-history.ts) has customers, banks and time do. */
    pay(sessionId: string, card: { number: string; email?: string; name?: string }): unknown;
    dispute(target: { payment_intent: string; reason?: string }): { id: string };
    closeDispute(disputeId: string, outcome: 'won' | 'lost'): unknown;
    /** Moves the emulator's clock to `at`, from where it runs on; null: back to the real time. */
    travel(at: Date | null): void;
  };
  stop(): Promise<void>;
};

/**
 * Which Stripe this process talks to (server.ts), like mail-setup for SMTP:
 * - STRIPE_SECRET_KEY set: that Stripe (or STRIPE_API_URL), with the configured webhook secrets.
 * - unset outside production: the local Stripe emulator, started here on a free port, its webhook
 *   endpoints pointed at this API with secrets made up for this run. Its state lives in memory:
 *   connected accounts from an earlier run read as disconnected after a restart.
 * - unset in production: payments are off (paid services are not bookable online).
 * Product code never imports the emulator; only this development path loads it.
 */
export async function setUpStripe(config: Config, logger: Logger): Promise<StripeSetup> {
  if (config.STRIPE_SECRET_KEY) return { config, stop: async () => undefined };
  if (config.NODE_ENV === 'production') {
    logger.warn('STRIPE_SECRET_KEY is not set: payments are off (paid services cannot be booked online)');
    return { config, stop: async () => undefined };
  }
  const { startStripeEmulator } = await import('@slotwise/emulator-stripe');
  const secret = () => `whsec_dev_${randomBytes(24).toString('hex')}`;
  const platformSecret = secret();
  const connectSecret = secret();
  // This API on its own port (it listens a moment later; the emulator retries until it does).
  const api = `http://127.0.0.1:${config.PORT}`;
  // Real time, unless the demo's history has sent it back for a moment.
  let shiftMs = 0;
  const emulator = await startStripeEmulator({
    clock: () => new Date(Date.now() + shiftMs),
    webhookEndpoints: [
      { url: `${api}/v1/webhooks/stripe`, secret: platformSecret, connect: false },
      { url: `${api}/v1/webhooks/stripe/connect`, secret: connectSecret, connect: true },
    ],
  });
  logger.info({ stripe: emulator.url }, `Stripe emulator: ${emulator.url} (test cards: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined)`);
  return {
    config: {
      ...config,
      STRIPE_SECRET_KEY: 'sk_test_slotwise_local_emulator',
      STRIPE_WEBHOOK_SECRET: platformSecret,
      STRIPE_CONNECT_WEBHOOK_SECRET: connectSecret,
      STRIPE_API_URL: emulator.url,
    },
    emulator: {
      url: emulator.url,
      completeOnboarding: (accountId) => emulator.controls.completeOnboarding(accountId),
      pay: (sessionId, card) => emulator.controls.pay(sessionId, card),
      dispute: (target) => emulator.controls.dispute(target),
      closeDispute: (disputeId, outcome) => emulator.controls.closeDispute(disputeId, outcome),
      travel: (at) => {
        shiftMs = at ? at.getTime() - Date.now() : 0;
      },
    },
    stop: () => emulator.stop(),
  };
}
