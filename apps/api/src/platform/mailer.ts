import { randomBytes, randomUUID } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailMessage } from 'nodemailer/lib/mailer';
import { encodeWords, foldLines, isPlainText } from 'nodemailer/lib/mime-funcs';
import SMTPPool, { type SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool';
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

/** A bare address we can write into a header and the envelope as it is (what our forms accept). */
const SIMPLE_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/;
/** An attachment name or header value that needs no quoting or encoding. */
const TOKEN = /^[A-Za-z0-9._-]+$/;

/** `Name <address>` for a header, the name quoted or encoded as it needs. */
function mailboxHeader(mailbox: { name: string; address: string }): string {
  if (!mailbox.name) return mailbox.address;
  const name = isPlainText(mailbox.name) ? `"${mailbox.name.replace(/["\\]/g, '\\$&')}"` : encodeWords(mailbox.name, 'Q', 52);
  return `${name} <${mailbox.address}>`;
}

const header = (name: string, value: string) => foldLines(`${name}: ${isPlainText(value) ? value : encodeWords(value, 'Q', 52)}`, 76);

/** Base64 in lines of 76, as MIME wants: native, unlike quoted-printable. */
const base64Lines = (content: string | Buffer) =>
  (typeof content === 'string' ? Buffer.from(content, 'utf8') : content).toString('base64').replace(/.{76}(?=.)/g, '$&\r\n');

/** A boundary no base64 body can contain (`=` only ends one, `_` is never in one). */
const boundaryPrefix = `=_sw_${randomBytes(8).toString('hex')}_`;
let boundaries = 0;

/**
 * The message as one buffer, written here rather than by nodemailer's MailComposer, whose stream
 * pipeline per part (with random boundaries, address parsing and an abort signal each) cost more
 * CPU than the rest of an email's work. Only for what we send: bare recipient addresses,
 * attachments with plain names; anything else goes through MailComposer (`null` here).
 */
function buildMessage(from: string, messageId: string, mail: OutgoingMail & { to: string[] }, date: Date): Buffer | null {
  const attachments = mail.attachments ?? [];
  if (!mail.to.every((to) => SIMPLE_ADDRESS.test(to))) return null;
  if (!attachments.every((a) => TOKEN.test(a.filename) && isPlainText(a.contentType, true) === true)) return null;
  if (!Object.keys(mail.headers ?? {}).every((name) => TOKEN.test(name))) return null;
  const n = ++boundaries;
  const alternative = `${boundaryPrefix}a${n}`;
  const mixed = `${boundaryPrefix}m${n}`;
  const part = (contentType: string, content: string | Buffer, extra: string[] = []) =>
    [`Content-Type: ${contentType}`, 'Content-Transfer-Encoding: base64', ...extra, '', base64Lines(content)].join('\r\n');
  const body = [
    `--${alternative}`,
    part('text/plain; charset=utf-8', mail.text),
    `--${alternative}`,
    part('text/html; charset=utf-8', mail.html),
    `--${alternative}--`,
  ].join('\r\n');
  const lines = [
    `From: ${from}`,
    `To: ${mail.to.join(', ')}`,
    header('Subject', mail.subject),
    `Message-ID: ${messageId}`,
    `Date: ${date.toUTCString().replace(/GMT/, '+0000')}`,
    ...Object.entries(mail.headers ?? {}).map(([name, value]) => header(name, value)),
    'MIME-Version: 1.0',
  ];
  if (!attachments.length) {
    lines.push(`Content-Type: multipart/alternative; boundary="${alternative}"`, '', body, '');
  } else {
    lines.push(
      `Content-Type: multipart/mixed; boundary="${mixed}"`,
      '',
      `--${mixed}`,
      `Content-Type: multipart/alternative; boundary="${alternative}"`,
      '',
      body,
    );
    for (const a of attachments)
      lines.push(`--${mixed}`, part(`${a.contentType}; name=${a.filename}`, a.content, [`Content-Disposition: attachment; filename=${a.filename}`]));
    lines.push(`--${mixed}--`, '');
  }
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/**
 * Outgoing mail over SMTP (nodemailer's connection pool). Without a URL every send rejects with
 * MailDisabledError, so the job that asked fails and is retried rather than dropped.
 *
 * Pooled: up to SMTP_MAX_CONNECTIONS connections stay open and carry message after message
 * (a new one after 100, as providers expect), so a burst of emails doesn't pay a TCP and TLS
 * handshake and an EHLO each; sends beyond the pool wait their turn in nodemailer's queue.
 * Each message is built whole (see buildMessage) and handed to the pool as one buffer, the way
 * a transport receives a message from nodemailer's Mailer, without the Mailer's per-message
 * plugin and stream steps.
 */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'> & Partial<Pick<Config, 'SMTP_MAX_CONNECTIONS'>>): Mailer {
  const url = config.SMTP_URL;
  const pool = url
    ? new SMTPPool({
        url,
        maxConnections: config.SMTP_MAX_CONNECTIONS ?? 5,
        maxMessages: 100,
        // nodemailer waits minutes by default; a stuck server should fail the attempt well within the job's timeout.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 60_000,
      })
    : null;
  const domain = senderDomain(config.MAIL_FROM);
  const [sender] = addressparser(config.MAIL_FROM, { flatten: true });
  const fromAddress = sender?.address || config.MAIL_FROM;
  const fromHeader = sender && SIMPLE_ADDRESS.test(sender.address) ? mailboxHeader(sender) : null;

  async function compose(mail: OutgoingMail & { to: string[] }, messageId: string, date: Date): Promise<Buffer> {
    const fast = fromHeader ? buildMessage(fromHeader, messageId, mail, date) : null;
    if (fast) return fast;
    const message = new MailComposer({ ...mail, from: config.MAIL_FROM, messageId, date, textEncoding: 'quoted-printable' }).compile();
    return message.build();
  }

  return {
    enabled: pool !== null,
    async send(mail) {
      if (!pool) throw new MailDisabledError();
      const to = Array.isArray(mail.to) ? mail.to : [mail.to];
      const messageId = `<${randomUUID()}@${domain}>`;
      const raw = await compose({ ...mail, to }, messageId, new Date());
      const envelope = { from: fromAddress, to: to.flatMap((t) => addressparser(t, { flatten: true }).map((a) => a.address)) };
      // What the pool reads of a message (a transport's `mail.message`): its envelope, id and bytes.
      const message = {
        getEnvelope: () => envelope,
        messageId: () => messageId,
        getHeader: (name: string) => (name.toLowerCase() === 'message-id' ? messageId : undefined),
        createReadStream: () => raw,
      };
      await new Promise<void>((resolve, reject) =>
        pool.send({ data: {}, message } as unknown as MailMessage<SMTPPoolSentMessageInfo>, (err) => (err ? reject(err) : resolve())),
      );
      return { messageId };
    },
    close() {
      pool?.close();
    },
  };
}
