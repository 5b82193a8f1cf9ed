-- Saved cards across businesses (issue #15): platform data, not a tenant's (no tenantId, not in
-- the tenancy extension's models). Only Stripe ids, brand, last four and expiry; never a card number.

CREATE TABLE "CardWallet" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "stripeCustomerId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CardWallet_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CardWallet_email_normalised" CHECK ("email" = lower(btrim("email")) AND "email" <> '')
);
CREATE UNIQUE INDEX "CardWallet_email_key" ON "CardWallet"("email");
CREATE UNIQUE INDEX "CardWallet_stripeCustomerId_key" ON "CardWallet"("stripeCustomerId");

CREATE TABLE "SavedCard" (
    "id" UUID NOT NULL,
    "walletId" UUID NOT NULL,
    "stripePaymentMethodId" TEXT NOT NULL,
    "brand" TEXT NOT NULL,
    "last4" CHAR(4) NOT NULL,
    "expMonth" INTEGER NOT NULL,
    "expYear" INTEGER NOT NULL,
    -- The wording the customer agreed to, as shown, and its version.
    "consentText" TEXT NOT NULL,
    "consentVersion" TEXT NOT NULL,
    "consentedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" TIMESTAMPTZ(3),
    CONSTRAINT "SavedCard_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "SavedCard_walletId_fkey" FOREIGN KEY ("walletId") REFERENCES "CardWallet"("id"),
    -- Four digits and a month: nothing that could be more of a card number.
    CONSTRAINT "SavedCard_last4" CHECK ("last4" ~ '^[0-9]{4}$'),
    CONSTRAINT "SavedCard_expiry" CHECK ("expMonth" BETWEEN 1 AND 12 AND "expYear" BETWEEN 2000 AND 2999)
);
CREATE UNIQUE INDEX "SavedCard_stripePaymentMethodId_key" ON "SavedCard"("stripePaymentMethodId");
CREATE INDEX "SavedCard_walletId_removedAt_idx" ON "SavedCard"("walletId", "removedAt");

CREATE TABLE "WalletLinkToken" (
    "id" UUID NOT NULL,
    -- SHA-256 of the link's token; the token itself is HMAC(SECRET_KEY, id), never stored.
    "hash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "emailSentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WalletLinkToken_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "WalletLinkToken_email_normalised" CHECK ("email" = lower(btrim("email")) AND "email" <> '')
);
CREATE UNIQUE INDEX "WalletLinkToken_hash_key" ON "WalletLinkToken"("hash");
CREATE INDEX "WalletLinkToken_expiresAt_idx" ON "WalletLinkToken"("expiresAt");

CREATE TABLE "WalletSession" (
    "id" UUID NOT NULL,
    -- SHA-256 of the random session token the browser keeps.
    "hash" TEXT NOT NULL,
    "walletId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WalletSession_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "WalletSession_walletId_fkey" FOREIGN KEY ("walletId") REFERENCES "CardWallet"("id")
);
CREATE UNIQUE INDEX "WalletSession_hash_key" ON "WalletSession"("hash");
CREATE INDEX "WalletSession_walletId_idx" ON "WalletSession"("walletId");
CREATE INDEX "WalletSession_expiresAt_idx" ON "WalletSession"("expiresAt");
