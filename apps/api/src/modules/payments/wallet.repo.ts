import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';

/**
 * Saved-card wallets (CardWallet, SavedCard, WalletLinkToken, WalletSession): platform data across
 * tenants, like StripeEvent — not tenant-scoped, so every function here works on the raw client
 * and is named `unsafe…`. What a caller may see is decided by the wallet service (a wallet session
 * names its wallet; a card is found only within it).
 */

export const walletSelect = { id: true, email: true, stripeCustomerId: true, createdAt: true } as const satisfies Prisma.CardWalletSelect;
export type WalletRow = Prisma.CardWalletGetPayload<{ select: typeof walletSelect }>;

export const savedCardSelect = {
  id: true,
  walletId: true,
  stripePaymentMethodId: true,
  brand: true,
  last4: true,
  expMonth: true,
  expYear: true,
  consentVersion: true,
  consentedAt: true,
  createdAt: true,
  removedAt: true,
} as const satisfies Prisma.SavedCardSelect;
export type SavedCardRow = Prisma.SavedCardGetPayload<{ select: typeof savedCardSelect }>;

const linkSelect = { id: true, hash: true, email: true, expiresAt: true, usedAt: true, emailSentAt: true } as const satisfies Prisma.WalletLinkTokenSelect;
export type WalletLinkRow = Prisma.WalletLinkTokenGetPayload<{ select: typeof linkSelect }>;

export type NewSavedCard = {
  walletId: string;
  stripePaymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  consentText: string;
  consentVersion: string;
  consentedAt: Date;
};

export function createWalletRepo({ prisma }: Pick<AppDeps, 'prisma'>) {
  return {
    /** A new link together with its email job (`job`'s insert): both exist, or neither. */
    unsafeCreateLinkWithJob: (link: { id: string; hash: string; email: string; expiresAt: Date; createdAt: Date }, job: { text: string; values: unknown[] }) =>
      prisma.$transaction(async (tx) => {
        await tx.walletLinkToken.create({ data: link, select: { id: true } });
        await tx.$executeRawUnsafe(job.text, ...job.values);
      }),

    unsafeFindLink: (id: string) => prisma.walletLinkToken.findUnique({ where: { id }, select: linkSelect }),
    unsafeFindLinkByHash: (hash: string) => prisma.walletLinkToken.findUnique({ where: { hash }, select: linkSelect }),
    unsafeMarkLinkEmailSent: (id: string, at: Date) => prisma.walletLinkToken.update({ where: { id }, data: { emailSentAt: at }, select: { id: true } }),

    unsafeFindWalletByEmail: (email: string) => prisma.cardWallet.findUnique({ where: { email }, select: walletSelect }),
    unsafeFindWalletByCustomer: (stripeCustomerId: string) => prisma.cardWallet.findUnique({ where: { stripeCustomerId }, select: walletSelect }),

    /** The wallet of `email`, made with its Stripe customer unless a concurrent first visit made it first. */
    unsafeInsertWallet: async (w: { id: string; email: string; stripeCustomerId: string; createdAt: Date }) => {
      await prisma.$executeRaw`
        INSERT INTO "CardWallet" (id, email, "stripeCustomerId", "createdAt")
        VALUES (${w.id}::uuid, ${w.email}, ${w.stripeCustomerId}, ${w.createdAt}::timestamptz)
        ON CONFLICT DO NOTHING`;
      return prisma.cardWallet.findUnique({ where: { email: w.email }, select: walletSelect });
    },

    /**
     * Follows a link: marks it used unless it was used or expired meanwhile (the conditional update
     * makes two clicks one session) and opens the session, in one transaction. Null: too late.
     */
    unsafeUseLinkAndOpenSession: (linkId: string, now: Date, session: { id: string; hash: string; walletId: string; expiresAt: Date }) =>
      prisma.$transaction(async (tx) => {
        const used = await tx.walletLinkToken.updateMany({ where: { id: linkId, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
        if (used.count !== 1) return null;
        return tx.walletSession.create({ data: { ...session, createdAt: now }, select: { id: true, expiresAt: true } });
      }),

    /** The live session with this token hash, and its wallet. */
    unsafeFindSession: (hash: string, now: Date) =>
      prisma.walletSession.findFirst({ where: { hash, expiresAt: { gt: now } }, select: { id: true, expiresAt: true, wallet: { select: walletSelect } } }),

    /** The wallet's cards that were not removed, oldest first. */
    unsafeListCards: (walletId: string) =>
      prisma.savedCard.findMany({ where: { walletId, removedAt: null }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: savedCardSelect }),

    /** A card of this wallet (never another's), not removed. */
    unsafeFindCard: (walletId: string, id: string) => prisma.savedCard.findFirst({ where: { id, walletId, removedAt: null }, select: savedCardSelect }),

    /** Saves a card once per payment method (the setup's return and its webhook may both arrive). */
    unsafeInsertCard: async (card: NewSavedCard & { id: string; createdAt: Date }) => {
      await prisma.$executeRaw`
        INSERT INTO "SavedCard" (id, "walletId", "stripePaymentMethodId", brand, last4, "expMonth", "expYear", "consentText", "consentVersion", "consentedAt", "createdAt")
        VALUES (${card.id}::uuid, ${card.walletId}::uuid, ${card.stripePaymentMethodId}, ${card.brand}, ${card.last4}, ${card.expMonth}, ${card.expYear},
                ${card.consentText}, ${card.consentVersion}, ${card.consentedAt}::timestamptz, ${card.createdAt}::timestamptz)
        ON CONFLICT ("stripePaymentMethodId") DO NOTHING`;
      return prisma.savedCard.findUniqueOrThrow({ where: { stripePaymentMethodId: card.stripePaymentMethodId }, select: savedCardSelect });
    },

    /** Links and sessions past their end can never be used again: deleted (the hourly wallet housekeeping). */
    unsafeDeleteExpired: async (now: Date) => {
      const links = await prisma.walletLinkToken.deleteMany({ where: { expiresAt: { lte: now } } });
      const sessions = await prisma.walletSession.deleteMany({ where: { expiresAt: { lte: now } } });
      return { links: links.count, sessions: sessions.count };
    },

    unsafeMarkCardRemoved: (id: string, at: Date) =>
      prisma.savedCard.updateMany({ where: { id, removedAt: null }, data: { removedAt: at } }).then((r) => r.count === 1),
  };
}
export type WalletRepo = ReturnType<typeof createWalletRepo>;
