import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Config } from '../config';

export type MailAttachment = { filename: string; content: string | Buffer; contentType: string };

export type OutgoingMail = {
  to: string | string[];
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
  headers?: Record<string, string>;
};

export type Mailer = {
  /** Whether mail can go anywhere; false when no SMTP URL is configured. */
  readonly enabled: boolean;
  /** Resolves once the SMTP server accepted the message; rejects otherwise (callers retry). */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
};

export class MailDisabledError extends Error {
  constructor() {
    super('Email is disabled: SMTP_URL is not set');
    this.name = 'MailDisabledError';
  }
}

/** The domain of the From address, for Message-IDs that point back at us. */
function senderDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'slotwise.local';
}

/**
 * Outgoing mail over SMTP (nodemailer). Without a URL every send rejects with
 * MailDisabledError, so the job that asked fails and is retried rather than dropped.
 *
 * Pooled: up to SMTP_MAX_CONNECTIONS connections stay open and carry message after message
 * (a new one after 100, as providers expect), so a burst of emails doesn't pay a TCP and TLS
 * handshake and an EHLO each; sends beyond the pool wait their turn in nodemailer's queue.
 */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'> & Partial<Pick<Config, 'SMTP_MAX_CONNECTIONS'>>): Mailer {
  const url = config.SMTP_URL;
  const transport = url
    ? createTransport({
        url,
        pool: true,
        maxConnections: config.SMTP_MAX_CONNECTIONS ?? 5,
        maxMessages: 100,
        // nodemailer waits minutes by default; a stuck server should fail the attempt well within the job's timeout.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 60_000,
      })
    : null;
  const domain = senderDomain(config.MAIL_FROM);

  return {
    enabled: transport !== null,
    async send(mail) {
      if (!transport) throw new MailDisabledError();
      const messageId = `<${randomUUID()}@${domain}>`;
      const message = new MailComposer({
        from: config.MAIL_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments,
        headers: mail.headers,
        // Said rather than detected: the scan for the best header encoding costs more CPU than
        // building the rest of the message.
        textEncoding: 'quoted-printable',
        messageId,
      }).compile();
      // Built whole, then handed over as one buffer: streamed part by part, each small chunk of
      // the message was a write (a system call) of its own, a third of the CPU a burst took.
      const raw = await message.build();
      await transport.sendMail({ envelope: message.getEnvelope(), raw });
      return { messageId };
    },
    close() {
      transport?.close();
    },
  };
}
