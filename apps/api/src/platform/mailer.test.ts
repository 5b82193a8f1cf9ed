import { startSmtpCapture, type SmtpCapture } from '@slotwise/emulator-smtp';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, MailDisabledError, type Mailer } from './mailer';

/**
 * The mailer writes MIME itself (see buildMessage): whatever we hand it must arrive as sent,
 * read back by a real parser (the SMTP capture's mailparser) over a real SMTP connection.
 */

let smtp: SmtpCapture;
let mailer: Mailer;
const FROM = 'Slötwise Bookings <no-reply@slotwise.test>';

beforeAll(async () => {
  smtp = await startSmtpCapture({ keep: 1_000 });
  mailer = createMailer({ SMTP_URL: smtp.url, MAIL_FROM: FROM, SMTP_MAX_CONNECTIONS: 2 });
});
afterAll(async () => {
  mailer?.close();
  await smtp?.stop();
});

const received = async (messageId: string) => {
  for (let i = 0; i < 100; i++) {
    const mail = smtp.messages().find((m) => m.messageId === messageId);
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`message ${messageId} did not arrive`);
};

// Text as people and templates write it: any Unicode, long lines, lines that start with a dot
// (SMTP's end of data), CRLF line ends (mail's own).
const line = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constant('.'),
  fc.constant('.. dot'),
  fc.string({ unit: 'grapheme-ascii', minLength: 990, maxLength: 1200 }),
);
const body = fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\r\n').replace(/\r?\n?$/, '') + '\r\n');

describe('mailer', () => {
  it('delivers subject, text, HTML, attachments and headers exactly as given', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 150 }).filter((s) => s.trim() === s && !/[\r\n\t]/.test(s) && s.length > 0),
        body,
        body,
        fc.option(fc.uint8Array({ maxLength: 3000 })),
        async (subject, text, html, attachment) => {
          const { messageId } = await mailer.send({
            to: ['ada@example.test'],
            subject,
            text,
            html,
            attachments: attachment
              ? [{ filename: 'booking.ics', content: Buffer.from(attachment), contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }]
              : [],
            headers: { 'X-Slotwise-Email': 'booking.confirmation' },
          });
          const mail = await received(messageId);
          expect(mail.to).toEqual(['ada@example.test']);
          expect(mail.from).toBe('"Slötwise Bookings" <no-reply@slotwise.test>');
          expect(mail.subject).toBe(subject);
          expect(mail.text.replace(/\r\n/g, '\n').trimEnd()).toBe(text.replace(/\r\n/g, '\n').trimEnd());
          expect(mail.html.replace(/\r\n/g, '\n').trimEnd()).toBe(html.replace(/\r\n/g, '\n').trimEnd());
          expect(mail.attachments.map((a) => [a.filename, a.contentType, Buffer.from(a.content).toString('hex')])).toEqual(
            attachment ? [['booking.ics', 'text/calendar', Buffer.from(attachment).toString('hex')]] : [],
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('sends what it does not write itself (a named recipient) through nodemailer, to the same effect', async () => {
    const { messageId } = await mailer.send({ to: 'Ada Lovelace <ada@example.test>', subject: 'Ünïcode', text: 'plain\r\n', html: '<p>html</p>' });
    const mail = await received(messageId);
    expect(mail).toMatchObject({ to: ['ada@example.test'], subject: 'Ünïcode', text: 'plain\n', html: '<p>html</p>' });
  });

  it('rejects every send when no SMTP URL is configured, so the job retries', async () => {
    const off = createMailer({ SMTP_URL: undefined, MAIL_FROM: FROM });
    expect(off.enabled).toBe(false);
    await expect(off.send({ to: ['ada@example.test'], subject: 's', text: 't', html: 'h' })).rejects.toBeInstanceOf(MailDisabledError);
  });

  it('rejects a send the server refuses, and keeps sending the others over the same pool', async () => {
    smtp.refuseRecipients((address) => address === 'bounce@example.test');
    try {
      await expect(mailer.send({ to: ['bounce@example.test'], subject: 'x', text: 'x', html: 'x' })).rejects.toThrow(/try again later/);
      const { messageId } = await mailer.send({ to: ['fine@example.test'], subject: 'after', text: 'x', html: 'x' });
      expect((await received(messageId)).subject).toBe('after');
    } finally {
      smtp.refuseRecipients(null);
    }
  });
});
