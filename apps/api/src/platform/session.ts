import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Config } from '../config';
import type { Clock } from './clock';
import type { Db } from './db';

/**
 * Server-side sessions. The cookie carries 32 random bytes; the table stores only their
 * SHA-256, so a leaked database does not leak live sessions. Sessions have an idle and an
 * absolute expiry and are revoked (not deleted) at logout and on password change.
 */

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export type SessionRecord = { tokenHash: string; userId: string; tenantId: string | null; lastSeenAt: Date };

/** Touching `lastSeenAt` on every request would turn reads into writes; once a minute is enough. */
const TOUCH_EVERY_MS = 60_000;

export function cookieName(config: Config): string {
  return config.PUBLIC_URL.startsWith('https:') ? '__Host-slotwise_session' : 'slotwise_session';
}

export function createSessions(deps: { prisma: Db; clock: Clock; config: Config }) {
  const { prisma, clock, config } = deps;
  const idleMs = config.SESSION_IDLE_HOURS * 3_600_000;
  const absoluteMs = config.SESSION_ABSOLUTE_DAYS * 86_400_000;
  const secure = config.PUBLIC_URL.startsWith('https:');

  function setCookie(res: Response, token: string) {
    res.cookie(cookieName(config), token, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: absoluteMs,
    });
  }

  return {
    /** Starts a new session (a fresh id every login: rotation) and sets the cookie. */
    async start(res: Response, req: Request, userId: string, tenantId: string | null): Promise<void> {
      const token = randomToken();
      const now = clock.now();
      await prisma.session.create({
        data: {
          tokenHash: sha256(token),
          userId,
          tenantId,
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + absoluteMs),
          ip: req.ip ?? null,
          userAgent: req.get('user-agent')?.slice(0, 300) ?? null,
        },
      });
      setCookie(res, token);
    },

    tokenFrom(req: Request): string | undefined {
      const value = (req.cookies as Record<string, string> | undefined)?.[cookieName(config)];
      return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
    },

    /** The live session behind a cookie token, or null (unknown, revoked, idle or expired). */
    async load(token: string): Promise<SessionRecord | null> {
      const tokenHash = sha256(token);
      const row = await prisma.session.findUnique({ where: { tokenHash } });
      const now = clock.now();
      if (!row || row.revokedAt || row.expiresAt <= now || row.lastSeenAt.getTime() + idleMs <= now.getTime()) return null;
      if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        await prisma.session.update({ where: { tokenHash }, data: { lastSeenAt: now } });
      }
      return { tokenHash, userId: row.userId, tenantId: row.tenantId, lastSeenAt: row.lastSeenAt };
    },

    async setTenant(tokenHash: string, tenantId: string): Promise<void> {
      await prisma.session.update({ where: { tokenHash }, data: { tenantId } });
    },

    async revoke(tokenHash: string): Promise<void> {
      await prisma.session.updateMany({ where: { tokenHash, revokedAt: null }, data: { revokedAt: clock.now() } });
    },

    /** Revokes every session of a user (password change), optionally keeping none. */
    async revokeAllFor(userId: string): Promise<void> {
      await prisma.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: clock.now() } });
    },

    clearCookie(res: Response) {
      res.clearCookie(cookieName(config), { path: '/', httpOnly: true, sameSite: 'lax', secure });
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
