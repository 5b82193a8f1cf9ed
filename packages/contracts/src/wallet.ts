import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ZEmail, ZEmailSent } from './auth';
import { ZDateTime, ZId, type TRouteMeta } from './common';

/*
 * Saved cards across businesses (issue #15). A customer's wallet belongs to the platform, not to
 * a business: it is found by an email address the customer proved they read (a single-use link
 * mailed to it), holds cards saved through Stripe Checkout in setup mode on the platform account,
 * and lets them pay any business on Slotwise in one click (the card is cloned onto that business's
 * connected account for each payment). No password: the emailed link opens a 30-day session whose
 * token the browser keeps and sends as `x-wallet-session`.
 */

const c = initContract();

export { WALLET_CONSENT_TEXTS, WALLET_CONSENT_VERSION } from './wallet-consent';

/** A wallet session's token (what `POST /public/wallet/session` answers), sent back as `x-wallet-session`. */
export const ZWalletSessionToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Open your saved cards from the emailed link again');
/** Optional in the schema so that a missing or unknown session answers 401, not 400. */
export const ZWalletSessionHeaders = z.object({ 'x-wallet-session': ZWalletSessionToken.optional() });

/** A saved card as its owner sees it: never more of the number than the last four digits. */
export const ZWalletCard = z.object({
  id: ZId,
  /** Stripe's brand: `visa`, `mastercard`, `amex`, … */
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number().int(),
  expYear: z.number().int(),
  consentedAt: ZDateTime,
});
export type TWalletCard = z.infer<typeof ZWalletCard>;

export const ZWallet = z.object({ email: z.string(), cards: z.array(ZWalletCard) });
export type TWallet = z.infer<typeof ZWallet>;

export const ZWalletSession = z.object({ sessionToken: ZWalletSessionToken, email: z.string(), expiresAt: ZDateTime });
export type TWalletSession = z.infer<typeof ZWalletSession>;

/** What a public booking may add to pay with a saved card (with the `x-wallet-session` header). */
export const ZPayWith = z.object({ savedCardId: ZId }).strict();

/**
 * What happened to a one-click payment (in the booking answer): PAID (the booking is CONFIRMED), or
 * AUTHENTICATION_REQUIRED (the bank wants the customer: `payment` is a Checkout Session for the same
 * hold). A declined card answers 402 CARD_DECLINED with `details.next: 'USE_ANOTHER_CARD'` instead.
 */
export const SAVED_CARD_OUTCOMES = ['PAID', 'AUTHENTICATION_REQUIRED'] as const;
export const ZSavedCardOutcome = z.enum(SAVED_CARD_OUTCOMES);

const pub = { auth: 'public' } satisfies TRouteMeta;
const stripeCheckoutSessionId = z
  .string()
  .min(8)
  .max(255)
  .regex(/^cs_[A-Za-z0-9_]+$/);

export const walletContract = c.router({
  link: {
    method: 'POST',
    path: '/public/wallet/link',
    body: z.object({ email: ZEmail }).strict(),
    responses: { 202: ZEmailSent },
    metadata: { ...pub, rateLimit: 'accountEmail' } satisfies TRouteMeta,
    summary: 'Email a single-use link (24 h) to the saved cards of this address; always 202, whether or not it has any',
  },
  session: {
    method: 'POST',
    path: '/public/wallet/session',
    body: z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This link is not complete; open it from the email again') }).strict(),
    responses: { 200: ZWalletSession },
    metadata: { ...pub, rateLimit: 'publicBooking' } satisfies TRouteMeta,
    summary:
      'Follow the emailed link: proves the address, makes its wallet (and platform Stripe Customer) if new, and opens a 30-day session ' +
      '(404 when the link was used or expired)',
  },
  view: {
    method: 'GET',
    path: '/public/wallet',
    headers: ZWalletSessionHeaders,
    responses: { 200: ZWallet },
    metadata: pub,
    summary: 'The saved cards of the session’s address (401 without a live session)',
  },
  setup: {
    method: 'POST',
    path: '/public/wallet/setup',
    headers: ZWalletSessionHeaders,
    body: z
      .object({
        consent: z.literal(true, { errorMap: () => ({ message: 'Tick the box to agree first' }) }),
        /** The version of the wording the page showed (409 when it is not the current one). */
        consentVersion: z.string().max(40).optional(),
      })
      .strict(),
    responses: { 200: z.object({ url: z.string().url() }) },
    metadata: { ...pub, rateLimit: 'publicBooking' } satisfies TRouteMeta,
    summary: 'Add a card: a Stripe Checkout Session in setup mode on the platform account (send the customer to `url`)',
  },
  completeSetup: {
    method: 'POST',
    path: '/public/wallet/setup/complete',
    headers: ZWalletSessionHeaders,
    body: z.object({ sessionId: stripeCheckoutSessionId }).strict(),
    responses: { 200: ZWalletCard },
    metadata: pub,
    summary: 'Back from the setup Checkout: the saved card (idempotent; the platform’s checkout.session.completed event saves it too)',
  },
  removeCard: {
    method: 'DELETE',
    path: '/public/wallet/cards/:id',
    pathParams: z.object({ id: ZId }),
    headers: ZWalletSessionHeaders,
    body: c.noBody(),
    responses: { 200: ZWallet },
    metadata: pub,
    summary: 'Remove a saved card: detached from the platform’s Stripe Customer (404 for a card of another wallet)',
  },
});
