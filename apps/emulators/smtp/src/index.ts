import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { CapturedMail, SmtpCapture } from './types';

export { outboxRouter } from './outbox';

/**
 * A local SMTP server that keeps what it receives instead of delivering it: the stand-in for
 * a real mail provider in development and tests. It speaks plain SMTP (no TLS), accepts any
 * login, and keeps the most recent messages in memory.
 */

export type { CapturedAttachment, CapturedMail, SmtpCapture } from './types';

export type SmtpCaptureOptions = {
  /** Default 0: a free port chosen by the OS. */
  port?: number;
  host?: string;
  /** Messages kept; older ones are dropped. Default 500. */
  keep?: number;
  /** Larger messages are refused with 552. Default 10 MB. */
  maxBytes?: number;
  /**
   * Default true. False: messages are accepted and counted (`received`) but not parsed or kept,
   * for load runs where parsing tens of thousands of messages would cost more than sending them.
   */
  parse?: boolean;
};

const DEFAULT_KEEP = 500;
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** A 5xx reply the client sees as a permanent failure. */
function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

function readLimited(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep draining past the limit so the client gets our reply instead of a stalled socket.
      if (size <= maxBytes) chunks.push(chunk);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(stream.sizeExceeded || size > maxBytes ? null : Buffer.concat(chunks)));
  });
}

export async function startSmtpCapture(opts: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const host = opts.host ?? '127.0.0.1';
  const keep = opts.keep ?? DEFAULT_KEEP;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  let stored: CapturedMail[] = [];
  let received = 0;
  let refused: ((address: string) => boolean) | null = null;
  const arrivals = new EventEmitter();

  async function capture(raw: Buffer, session: SMTPServerSession): Promise<void> {
    if (opts.parse === false) {
      received += 1;
      return;
    }
    const parsed = await simpleParser(raw);
    const mailFrom = session.envelope.mailFrom;
    const mail: CapturedMail = {
      id: randomUUID(),
      receivedAt: new Date(),
      from: addressText(parsed.from) || (mailFrom ? mailFrom.address : ''),
      to: session.envelope.rcptTo.map((r) => r.address),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      attachments: parsed.attachments.map((a) => ({
        filename: a.filename ?? 'attachment',
        contentType: a.contentType,
        content: a.content,
      })),
      messageId: parsed.messageId ?? null,
    };
    stored.push(mail);
    received += 1;
    if (stored.length > keep) stored = stored.slice(stored.length - keep);
    arrivals.emit('mail', mail);
  }

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    size: maxBytes,
    // Senders keep pooled connections open; on stop, give them a second rather than 30.
    closeTimeout: 1000,
    logger: false,
    banner: 'Slotwise SMTP capture (nothing is delivered)',
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anyone' });
    },
    onRcptTo(address, _session, callback) {
      if (refused?.(address.address)) return callback(smtpError(`4.3.0 ${address.address}: try again later`, 451));
      callback();
    },
    onData(stream, session, callback) {
      readLimited(stream, maxBytes)
        .then(async (raw) => {
          if (!raw) return callback(smtpError(`Message exceeds the ${maxBytes}-byte limit`, 552));
          await capture(raw, session);
          callback();
        })
        .catch((err: unknown) => callback(smtpError(`Could not parse the message: ${String(err)}`, 554)));
    },
  });
  // A client dropping its connection is not our failure; without a listener it would throw.
  server.on('error', () => undefined);

  const port = await new Promise<number>((resolve, reject) => {
    const listener = server.listen(opts.port ?? 0, host, () => {
      listener.off('error', reject);
      resolve((listener.address() as AddressInfo).port);
    });
    listener.once('error', reject);
  });
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    port,
    url: `smtp://${urlHost}:${port}`,
    messages: () => [...stored],
    waitFor(predicate, timeoutMs = 5000) {
      const found = stored.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onMail = (mail: CapturedMail) => {
          if (!predicate(mail)) return;
          clearTimeout(timer);
          arrivals.off('mail', onMail);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          arrivals.off('mail', onMail);
          const seen = stored.map((m) => `${m.to.join(',')}: ${m.subject}`).join('; ') || 'none';
          reject(new Error(`No matching mail within ${timeoutMs} ms (received: ${seen})`));
        }, timeoutMs);
        arrivals.on('mail', onMail);
      });
    },
    received: () => received,
    refuseRecipients(match) {
      refused = match;
    },
    clear() {
      stored = [];
      received = 0;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
