import { randomBytes, randomUUID } from 'node:crypto';
import { WALLET_CONSENT_TEXTS, WALLET_CONSENT_VERSION, type TWallet, type TWalletCard, type TWalletSession } from '@slotwise/contracts';
import { StripeGatewayError, type StripeGateway, type StripeSetupSession } from '../../integrations/stripe';
import { currentContext } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { jobId } from '../../platform/jobs';
import { sha256 } from '../../platform/session';
import { renderAccountEmail } from '../notifications';
import { WALLET_LINK_HOURS, WALLET_SESSION_DAYS, walletLinkToken, walletLinkUrl, walletPage } from './wallet-links';
import { walletLinkEmailQueue } from './wallet.queues';
import { createWalletRepo, type SavedCardRow, type WalletRow } from './wallet.repo';

/**
 * Saved cards across businesses: the customer's wallet on the platform (docs/adr/011). The email
 * address is the identity, proven by following a single-use emailed link, which opens a 30-day
 * session (`x-wallet-session`). Cards are saved through Stripe Checkout in setup mode on the
 * platform account, with the consent wording shown and its time kept; paying a business clones one
 * onto that business's connected account (saved-card-payments.service). Only Stripe ids, brand,
 * last four and expiry ever reach us.
 */

const HOUR = 3_600_000;

/** What a one-click payment needs of the customer's card (saved-card-payments.service). */
export type WalletCardRef = { id: string; stripePaymentMethodId: string; stripeCustomerId: string; brand: string; last4: string };

/** What the handlers read of a stored Stripe event. */
type EventRef = { account: string | null; object: Record<string, unknown> };

const toCard = (c: SavedCardRow): TWalletCard => ({
  id: c.id,
  brand: c.brand,
  last4: c.last4,
  expMonth: c.expMonth,
  expYear: c.expYear,
  consentedAt: c.consentedAt.toISOString(),
});

const unavailable = () => new AppError('PAYMENTS_UNAVAILABLE', 'Saved cards are not available on this server');
const noSession = () => new AppError('UNAUTHENTICATED', 'Open your saved cards from the link we emailed you');
const linkGone = () => new AppError('NOT_FOUND', 'This link is no longer valid: it was used already or it expired. Ask for a new one');
const noCard = () => new AppError('NOT_FOUND', 'No such saved card');

export function createWalletService(deps: AppDeps) {
  const repo = createWalletRepo(deps);
  const log = () => currentContext()?.logger ?? deps.logger;

  function gateway(): StripeGateway {
    if (!deps.stripe) throw unavailable();
    return deps.stripe;
  }

  /** Stripe failed while the customer waited: nothing was kept, and trying again is safe. */
  function stripeFailed(err: unknown, what: string): never {
    log().warn({ err }, `Stripe failed: ${what}`);
    const e = new AppError('PAYMENT_UNAVAILABLE', 'The payment service is unavailable right now. Please try again in a moment');
    e.cause = err;
    throw e;
  }

  /** The wallet of a live session; 401 without one (no token, unknown, expired). */
  async function walletOf(sessionToken: string | undefined): Promise<WalletRow> {
    gateway();
    if (!sessionToken) throw noSession();
    const session = await repo.unsafeFindSession(sha256(sessionToken), deps.clock.now());
    if (!session) throw noSession();
    return session.wallet;
  }

  async function view(wallet: WalletRow): Promise<TWallet> {
    return { email: wallet.email, cards: (await repo.unsafeListCards(wallet.id)).map(toCard) };
  }

  /**
   * The wallet of `email`, with its platform Stripe Customer: made on the first visit. The customer
   * is created first under an idempotency key from the address, so two first visits at once make
   * one customer and one wallet (the insert of the second is a no-op).
   */
  async function walletFor(email: string): Promise<WalletRow> {
    const known = await repo.unsafeFindWalletByEmail(email);
    if (known) return known;
    let customerId: string;
    try {
      const customer = await gateway().customers.create({
        email,
        metadata: { slotwise: 'wallet' },
        idempotencyKey: `wallet-customer:${sha256(email)}`,
      });
      customerId = customer.id;
    } catch (err) {
      return stripeFailed(err, 'creating the wallet customer');
    }
    const wallet = await repo.unsafeInsertWallet({ id: randomUUID(), email, stripeCustomerId: customerId, createdAt: deps.clock.now() });
    if (!wallet) throw new Error('the wallet was neither inserted nor found');
    return wallet;
  }

  /**
   * Saves the card of a completed setup session of `wallet`, once (the return from Checkout and
   * the platform's webhook may both arrive, in any order). The consent recorded is the wording of
   * the version the session was started with, at the time the customer agreed. Null while the
   * session is not complete.
   */
  async function saveFromSession(s: StripeSetupSession, wallet: WalletRow): Promise<SavedCardRow | null> {
    if (s.customerId !== wallet.stripeCustomerId || s.metadata.walletId !== wallet.id) return null;
    if (s.status !== 'complete' || s.setupIntent?.status !== 'succeeded') return null;
    const pm = s.setupIntent.paymentMethod;
    if (!pm?.card) throw new Error(`setup session ${s.id} succeeded without a card payment method`);
    const version = s.metadata.consentVersion ?? '';
    const consentText = WALLET_CONSENT_TEXTS[version];
    const consentedAt = new Date(s.metadata.consentedAt ?? '');
    if (!consentText || Number.isNaN(consentedAt.getTime())) throw new Error(`setup session ${s.id} carries no consent we know`);
    const card = await repo.unsafeInsertCard({
      id: randomUUID(),
      walletId: wallet.id,
      stripePaymentMethodId: pm.id,
      brand: pm.card.brand,
      last4: pm.card.last4,
      expMonth: pm.card.expMonth,
      expYear: pm.card.expYear,
      consentText,
      consentVersion: version,
      consentedAt,
      createdAt: deps.clock.now(),
    });
    log().info({ walletId: wallet.id, savedCardId: card.id, setupSessionId: s.id }, 'card saved to a wallet');
    return card;
  }

  return {
    /**
     * Emails a single-use link to the wallet of `email`. The same whether or not the address has a
     * wallet (or ever will): the answer tells nobody which addresses have saved cards.
     */
    async requestLink(email: string): Promise<void> {
      gateway();
      const now = deps.clock.now();
      const id = randomUUID();
      const job = await deps.jobs.insertStatement(walletLinkEmailQueue, { linkId: id }, { id: jobId('wallet-link', id) });
      await repo.unsafeCreateLinkWithJob(
        { id, hash: sha256(walletLinkToken(deps.config, id)), email, expiresAt: new Date(now.getTime() + WALLET_LINK_HOURS * HOUR), createdAt: now },
        job,
      );
    },

    /** The link's email (its job): once, and not at all once the link was used or has expired. */
    async sendLinkEmail(linkId: string): Promise<void> {
      const link = await repo.unsafeFindLink(linkId);
      const now = deps.clock.now();
      const skip = !link
        ? 'link not found'
        : link.emailSentAt
          ? 'already sent'
          : link.usedAt
            ? 'link already used'
            : link.expiresAt <= now
              ? 'link expired'
              : sha256(walletLinkToken(deps.config, link.id)) !== link.hash
                ? 'SECRET_KEY changed since the link was made'
                : null;
      const emailLog = log().child({ email: 'account.wallet-link' });
      if (skip || !link) {
        emailLog.info({ reason: skip }, 'email not sent');
        return;
      }
      const { messageId } = await deps.mailer.send({
        to: [link.email],
        ...renderAccountEmail({ kind: 'wallet-link', url: walletLinkUrl(deps.config, link.id), validHours: WALLET_LINK_HOURS }),
        headers: { 'X-Slotwise-Email': 'account.wallet-link' },
      });
      await repo.unsafeMarkLinkEmailSent(link.id, now);
      emailLog.info({ messageId }, 'email sent');
    },

    /**
     * Follows an emailed link: proves the address, makes its wallet (and platform Stripe Customer)
     * when new, and opens a session. The link is used up only once the wallet exists, so a Stripe
     * failure leaves it working for another try.
     */
    async openSession(token: string): Promise<TWalletSession> {
      gateway();
      const now = deps.clock.now();
      const link = await repo.unsafeFindLinkByHash(sha256(token));
      if (!link || link.usedAt || link.expiresAt <= now) throw linkGone();
      const wallet = await walletFor(link.email);
      const sessionToken = randomBytes(32).toString('base64url');
      const session = await repo.unsafeUseLinkAndOpenSession(link.id, now, {
        id: randomUUID(),
        hash: sha256(sessionToken),
        walletId: wallet.id,
        expiresAt: new Date(now.getTime() + WALLET_SESSION_DAYS * 24 * HOUR),
      });
      if (!session) throw linkGone();
      return { sessionToken, email: wallet.email, expiresAt: session.expiresAt.toISOString() };
    },

    view: async (sessionToken: string | undefined) => view(await walletOf(sessionToken)),

    /**
     * "Add a card": a Checkout Session in setup mode on the platform account for the wallet's
     * customer. The consent (version and time) travels in its metadata and is stored with the card
     * when it lands. 409 when the page showed an older wording than the current one.
     */
    async startSetup(sessionToken: string | undefined, consent: { consentVersion?: string | undefined }): Promise<{ url: string }> {
      const wallet = await walletOf(sessionToken);
      if (consent.consentVersion !== undefined && consent.consentVersion !== WALLET_CONSENT_VERSION)
        throw new AppError('CONFLICT', 'The wording you agreed to has changed: please read it again', { consentVersion: WALLET_CONSENT_VERSION });
      let session;
      try {
        session = await gateway().setup.create({
          customerId: wallet.stripeCustomerId,
          successUrl: walletPage(deps.config, 'setup_session={CHECKOUT_SESSION_ID}'),
          cancelUrl: walletPage(deps.config, 'setup=cancelled'),
          metadata: { walletId: wallet.id, consentVersion: WALLET_CONSENT_VERSION, consentedAt: deps.clock.now().toISOString() },
          idempotencyKey: `wallet-setup:${randomUUID()}`,
        });
      } catch (err) {
        return stripeFailed(err, 'creating a setup session');
      }
      if (!session.url) throw new Error(`setup session ${session.id} has no url`);
      return { url: session.url };
    },

    /** Back from the setup Checkout: the card saved (404 for a session of another wallet, 409 while it is not complete). */
    async completeSetup(sessionToken: string | undefined, sessionId: string): Promise<TWalletCard> {
      const wallet = await walletOf(sessionToken);
      let s: StripeSetupSession;
      try {
        s = await gateway().setup.retrieve(sessionId);
      } catch (err) {
        if (err instanceof StripeGatewayError && err.kind === 'not_found') throw new AppError('NOT_FOUND', 'No such setup session');
        return stripeFailed(err, 'reading a setup session');
      }
      if (s.customerId !== wallet.stripeCustomerId || s.metadata.walletId !== wallet.id) throw new AppError('NOT_FOUND', 'No such setup session');
      const card = await saveFromSession(s, wallet);
      if (!card) throw new AppError('CONFLICT', 'The card is not saved yet: finish adding it on the payment page', { reason: 'SETUP_NOT_COMPLETE' });
      return toCard(card);
    },

    /**
     * The platform's `checkout.session.completed`: a setup session is re-read from Stripe and its
     * card saved, like the customer's return does (whichever comes first). Others are ignored.
     */
    async onSetupSessionEvent({ account, object }: EventRef): Promise<'PROCESSED' | 'IGNORED'> {
      if (account || object.mode !== 'setup' || typeof object.id !== 'string') return 'IGNORED';
      const s = await gateway().setup.retrieve(object.id);
      const wallet = s.customerId ? await repo.unsafeFindWalletByCustomer(s.customerId) : null;
      if (!wallet) return 'IGNORED';
      return (await saveFromSession(s, wallet)) ? 'PROCESSED' : 'IGNORED';
    },

    /**
     * Removes a card: detached from the platform customer (it can no longer be charged or cloned;
     * clones already made on businesses' accounts are theirs), then hidden. 404 for a card that is
     * not in this wallet.
     */
    async removeCard(sessionToken: string | undefined, cardId: string): Promise<TWallet> {
      const wallet = await walletOf(sessionToken);
      const card = await repo.unsafeFindCard(wallet.id, cardId);
      if (!card) throw noCard();
      try {
        await gateway().paymentMethods.detach({ paymentMethodId: card.stripePaymentMethodId, idempotencyKey: `wallet-detach:${card.id}` });
      } catch (err) {
        // Detached already (an earlier try whose answer we lost, or in Stripe's dashboard): nothing left to do there.
        const gone = err instanceof StripeGatewayError && (err.kind === 'invalid_request' || err.kind === 'not_found');
        if (!gone) return stripeFailed(err, 'detaching a saved card');
      }
      await repo.unsafeMarkCardRemoved(card.id, deps.clock.now());
      log().info({ walletId: wallet.id, savedCardId: card.id }, 'saved card removed');
      return view(wallet);
    },

    /** Expired links and sessions, across wallets (the hourly housekeeping job). */
    unsafePurgeExpired: () => repo.unsafeDeleteExpired(deps.clock.now()),

    /** For a one-click payment, before its hold is made: 401 without a live session, 404 for a card not in it. */
    async cardForPayment(sessionToken: string | undefined, cardId: string): Promise<WalletCardRef> {
      const wallet = await walletOf(sessionToken);
      const card = await repo.unsafeFindCard(wallet.id, cardId);
      if (!card) throw noCard();
      return {
        id: card.id,
        stripePaymentMethodId: card.stripePaymentMethodId,
        stripeCustomerId: wallet.stripeCustomerId,
        brand: card.brand,
        last4: card.last4,
      };
    },
  };
}
export type WalletService = ReturnType<typeof createWalletService>;
