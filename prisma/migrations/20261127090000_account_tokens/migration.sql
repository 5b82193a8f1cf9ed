-- Accounts: verified email addresses, single-use emailed links (sign-up, email verification,
-- password reset) and invitation links that can be derived again instead of travelling in jobs.

-- When the address was shown to be the user's (a sign-up, verification or invitation link was
-- followed). Accounts from before this column are unverified until their owner verifies.
ALTER TABLE "User" ADD COLUMN "emailVerifiedAt" TIMESTAMPTZ(3);

-- The link of an invitation is HMAC(SECRET_KEY, id, linkVersion); a re-send bumps the version.
ALTER TABLE "Invitation" ADD COLUMN "linkVersion" INTEGER NOT NULL DEFAULT 1;

CREATE TYPE "AccountTokenPurpose" AS ENUM ('SIGNUP', 'VERIFY_EMAIL', 'RESET_PASSWORD');

CREATE TABLE "AccountToken" (
    "id" UUID NOT NULL,
    "purpose" "AccountTokenPurpose" NOT NULL,
    "email" TEXT NOT NULL,
    "userId" UUID,
    -- SHA-256 of the link's token; the token itself is HMAC(SECRET_KEY, purpose, id), never stored.
    "tokenHash" TEXT NOT NULL,
    -- What a SIGNUP link will create: business and owner details, no password.
    "signup" JSONB,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "emailSentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AccountToken_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AccountToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE,
    -- A sign-up link has no user yet and carries the sign-up; the others belong to a user.
    CONSTRAINT "AccountToken_user_check" CHECK (("purpose" = 'SIGNUP') = ("userId" IS NULL)),
    CONSTRAINT "AccountToken_signup_check" CHECK (("purpose" = 'SIGNUP') = ("signup" IS NOT NULL)),
    CONSTRAINT "AccountToken_email_normalised" CHECK ("email" = lower(btrim("email")))
);
CREATE UNIQUE INDEX "AccountToken_tokenHash_key" ON "AccountToken"("tokenHash");
CREATE INDEX "AccountToken_userId_purpose_idx" ON "AccountToken"("userId", "purpose");
CREATE INDEX "AccountToken_expiresAt_idx" ON "AccountToken"("expiresAt");
