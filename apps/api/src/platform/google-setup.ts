import type { Logger } from 'pino';
import type { Config } from '../config';

export type GoogleSetup = {
  /** The configuration to run with: with the emulator's URLs and a made-up OAuth client when it was started. */
  config: Config;
  /** The local emulator, when this process started one (never in production). */
  emulator?: {
    url: string;
    /** What the consent page's Approve button does (the demo seed connects without a browser). */
    approve(authorizeUrl: string, email: string): { redirectUrl: string };
    /** An event as the person adds it in Google Calendar. */
    createEvent(calendarId: string, event: Record<string, unknown>): unknown;
  };
  stop(): Promise<void>;
};

/**
 * Which Google this process talks to (server.ts), like stripe-setup for Stripe:
 * - GOOGLE_CLIENT_ID set: Google itself (or GOOGLE_API_URL / GOOGLE_OAUTH_URL).
 * - unset outside production: the local Google emulator, started here on a free port, with a
 *   made-up OAuth client; push notifications go to this API on loopback. Its state lives in memory:
 *   connections from an earlier run are unknown to it, so they show as broken until connected again
 *   (the demo's is made anew at every start, seed/demo-google.ts).
 * - unset in production: calendar sync is off (connecting answers 503).
 * Product code never imports the emulator; only this development path loads it.
 */
export async function setUpGoogle(config: Config, logger: Logger): Promise<GoogleSetup> {
  if (config.GOOGLE_CLIENT_ID) return { config, stop: async () => undefined };
  if (config.NODE_ENV === 'production') {
    logger.warn('GOOGLE_CLIENT_ID is not set: Google Calendar sync is off');
    return { config, stop: async () => undefined };
  }
  const { startGoogleEmulator } = await import('@slotwise/emulator-google');
  const emulator = await startGoogleEmulator({ port: 0 });
  logger.info({ google: emulator.url }, `Google emulator: ${emulator.url} (calendars of anyone@example.test; consent page with Approve / Deny)`);
  return {
    config: {
      ...config,
      GOOGLE_CLIENT_ID: 'slotwise-local.apps.googleusercontent.com',
      GOOGLE_CLIENT_SECRET: 'slotwise-local-emulator',
      GOOGLE_API_URL: emulator.url,
      GOOGLE_OAUTH_URL: emulator.url,
      // This API on its own port (it listens a moment later; the emulator retries).
      GOOGLE_PUSH_URL: `http://127.0.0.1:${config.PORT}/v1/webhooks/google`,
    },
    emulator: {
      url: emulator.url,
      approve: (url, email) => emulator.controls.approve({ url, email }),
      createEvent: (calendarId, event) => emulator.controls.createEvent(calendarId, event),
    },
    stop: () => emulator.close(),
  };
}
