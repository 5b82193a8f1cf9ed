/** What event handlers receive and answer (payments.events.ts registers them). */

export type StripeEventOutcome = 'PROCESSED' | 'IGNORED';

/** A stored event as handlers see it (the event's JSON, already verified when it arrived). */
export type StoredStripeEvent = {
  /** Our id (StripeEvent.id). */
  id: string;
  stripeEventId: string;
  type: string;
  /** The connected account (`acct_…`) of a Connect event; null for platform events. */
  account: string | null;
  /** Resolved from the account when known; the handler runs in this tenant's context. */
  tenantId: string | null;
  /** When Stripe created the event. */
  created: Date;
  livemode: boolean;
  /** The event's `data.object`, as sent. */
  object: Record<string, unknown>;
  previousAttributes: Record<string, unknown> | null;
};
