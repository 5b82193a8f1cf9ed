import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createMailer, type Mailer } from './mailer';

export type MailSetup = {
  mailer: Mailer;
  devOutbox?: Router;
  /** The capture server's smtp:// URL, when it runs. */ devSmtpUrl?: string;
  stop(): Promise<void>;
};

/**
 * Where this process's mail goes (server.ts):
 * - SMTP_URL set: there.
 * - unset outside production: a capture server on a free local port; the mail is readable at
 *   PUBLIC_URL/dev/outbox and never leaves the machine.
 * - unset in production: nowhere. The API still starts (booking must not depend on mail), but
 *   every email job fails and pg-boss retries it with backoff, so mail queued while SMTP_URL is
 *   missing is sent once it is set, within the retry window, instead of being dropped silently.
 */
export async function setUpMail(config: Config, logger: Logger): Promise<MailSetup> {
  if (config.SMTP_URL) {
    const mailer = createMailer(config);
    return { mailer, stop: async () => mailer.close() };
  }
  if (config.NODE_ENV === 'production') {
    logger.warn('SMTP_URL is not set: email is disabled, and email jobs will fail and retry until it is set');
    const mailer = createMailer(config);
    return { mailer, stop: async () => undefined };
  }
  // Loaded only here, so a production process never loads the emulator.
  const { startSmtpCapture, outboxRouter } = await import('@slotwise/emulator-smtp');
  const capture = await startSmtpCapture();
  const mailer = createMailer({ ...config, SMTP_URL: capture.url });
  logger.info({ smtp: capture.url }, `Dev outbox: ${config.PUBLIC_URL}/dev/outbox`);
  return {
    mailer,
    devOutbox: outboxRouter(capture),
    devSmtpUrl: capture.url,
    async stop() {
      mailer.close();
      await capture.stop();
    },
  };
}
