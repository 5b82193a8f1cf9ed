import type { AppDeps } from '../../platform/deps';
import { currentContext } from '../../platform/context';
import { defineJob } from '../../platform/jobs';
import { sha256 } from '../../platform/session';
import { renderAccountEmail, type AccountEmail } from '../notifications';
import { ACCOUNT_LINKS, accountLink, accountToken, appUrl } from './account-links';
import { createAuthRepo } from './auth.repo';
import { accountEmailQueue, type AccountEmailJob } from './auth.queues';

/**
 * Emails about an account: the link of an AccountToken row (sign-up, verification, password
 * reset), or the note that an address trying to sign up already has an account. The payload
 * names the row, never the link: the job derives the token again (account-links) when it sends.
 * A link's email goes out once (the row's emailSentAt) and not at all once the link was used or
 * has expired. Sent, then recorded, like every email: a crash between the two sends it again.
 */
export function accountEmailJob(deps: AppDeps) {
  return defineJob({
    ...accountEmailQueue,
    retryLimit: 8,
    retryDelaySeconds: 30,
    expireInSeconds: 120,
    handler: (data) => deliver(deps, data),
  });
}

async function deliver(deps: AppDeps, data: AccountEmailJob): Promise<void> {
  const log = (currentContext()?.logger ?? deps.logger).child({ email: `account.${data.kind}` });
  const prepared = data.kind === 'link' ? await linkEmail(deps, data.tokenId) : await accountExistsEmail(deps, data.userId);
  if ('skip' in prepared) {
    log.info({ reason: prepared.skip }, 'email not sent');
    return;
  }
  const { messageId } = await deps.mailer.send({
    to: [prepared.to],
    ...renderAccountEmail(prepared.email),
    headers: { 'X-Slotwise-Email': `account.${prepared.email.kind}` },
  });
  await prepared.sent?.();
  log.info({ messageId }, 'email sent');
}

type Prepared = { skip: string } | { to: string; email: AccountEmail; sent?: () => Promise<unknown> };

async function linkEmail(deps: AppDeps, tokenId: string): Promise<Prepared> {
  const repo = createAuthRepo(deps);
  const row = await repo.findToken(tokenId);
  const now = deps.clock.now();
  if (!row) return { skip: 'link not found' };
  if (row.emailSentAt) return { skip: 'already sent' };
  if (row.usedAt) return { skip: 'link already used' };
  if (row.expiresAt <= now) return { skip: 'link expired' };
  if (sha256(accountToken(deps.config, row)) !== row.tokenHash) return { skip: 'SECRET_KEY changed since the link was made' };
  const url = accountLink(deps.config, row);
  const hours = ACCOUNT_LINKS[row.purpose].lifetimeMs / 3_600_000;
  const email: AccountEmail =
    row.purpose === 'SIGNUP'
      ? { kind: 'signup', url, validHours: hours, businessName: signupBusinessName(row.signup) }
      : row.purpose === 'VERIFY_EMAIL'
        ? { kind: 'verify-email', url, validHours: hours }
        : { kind: 'password-reset', url, validMinutes: hours * 60 };
  return {
    to: row.email,
    email,
    sent: () => repo.markTokenEmailSent(row.id, now),
  };
}

async function accountExistsEmail(deps: AppDeps, userId: string): Promise<Prepared> {
  const user = await createAuthRepo(deps).findUserById(userId);
  if (!user) return { skip: 'account deleted' };
  return {
    to: user.email,
    email: { kind: 'account-exists', signInUrl: appUrl(deps.config, '/login'), resetUrl: appUrl(deps.config, '/forgot-password') },
  };
}

/** The business name a pending sign-up chose (kept in the link's JSON). */
function signupBusinessName(signup: unknown): string {
  const name = (signup as { tenantName?: unknown } | null)?.tenantName;
  return typeof name === 'string' ? name : 'your business';
}
