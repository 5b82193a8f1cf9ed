/** What the capture server hands out; apart from index.ts so that outbox.ts (which index.ts re-exports) needs no import back. */

export type CapturedAttachment = { filename: string; contentType: string; content: Buffer };

export type CapturedMail = {
  id: string;
  receivedAt: Date;
  /** The From header as written ('Name <address>'), or the envelope sender when there is none. */
  from: string;
  /** Envelope recipients (RCPT TO), so Bcc recipients are listed too. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments: CapturedAttachment[];
  /** The Message-ID header, when the sender set one. */
  messageId: string | null;
};

export type SmtpCapture = {
  port: number;
  url: string;
  /** Oldest first. */
  messages(): CapturedMail[];
  /** The first message (already received or still to come) that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  /** Messages received since the start (or the last `clear`), including those no longer kept. */
  received(): number;
  /**
   * Refuses recipients that match with a temporary failure (451 at RCPT TO), as a provider does
   * when it is throttling or having trouble; null accepts everyone again.
   */
  refuseRecipients(match: ((address: string) => boolean) | null): void;
  clear(): void;
  stop(): Promise<void>;
};
