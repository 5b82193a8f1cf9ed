import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';

/** A resource's Google Calendar connection as we keep it (tokens encrypted; crypto.ts). */
export const connectionSelect = {
  id: true,
  tenantId: true,
  resourceId: true,
  accountEmail: true,
  status: true,
  encryptedRefreshToken: true,
  encryptedAccessToken: true,
  accessTokenExpiresAt: true,
  tokenKeyId: true,
  scopes: true,
  targetCalendarId: true,
  busyCalendarIds: true,
  lastSyncedAt: true,
  lastError: true,
  lastErrorAt: true,
  connectedByUserId: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.CalendarConnectionSelect;
export type ConnectionRow = Prisma.CalendarConnectionGetPayload<{ select: typeof connectionSelect }>;

export type ConnectionTokensPatch = Pick<
  Prisma.CalendarConnectionUncheckedUpdateInput,
  'encryptedRefreshToken' | 'encryptedAccessToken' | 'accessTokenExpiresAt' | 'tokenKeyId' | 'scopes'
>;

const stateSelect = {
  id: true,
  resourceId: true,
  userId: true,
  sessionHash: true,
  expiresAt: true,
  usedAt: true,
} as const satisfies Prisma.CalendarOAuthStateSelect;
export type OAuthStateRow = Prisma.CalendarOAuthStateGetPayload<{ select: typeof stateSelect }>;

const resourceSelect = { id: true, name: true, userId: true, timeZone: true } as const satisfies Prisma.ResourceSelect;
export type ConnectionResourceRow = Prisma.ResourceGetPayload<{ select: typeof resourceSelect }>;

export function createConnectionRepo({ db, prisma }: Pick<AppDeps, 'db' | 'prisma'>) {
  return {
    findByResource: (resourceId: string, tx?: TenantTx) => (tx ?? db).calendarConnection.findFirst({ where: { resourceId }, select: connectionSelect }),

    findById: (id: string, tx?: TenantTx) => (tx ?? db).calendarConnection.findFirst({ where: { id }, select: connectionSelect }),

    /** The row, locked until the transaction ends: a breakage or a disconnect applies once. */
    async lock(tx: TenantTx, id: string) {
      await tx.$queryRaw`SELECT id FROM "CalendarConnection" WHERE id = ${id}::uuid AND "tenantId" = ${requireTenantId()}::uuid FOR UPDATE`;
      return tx.calendarConnection.findFirst({ where: { id }, select: connectionSelect });
    },

    /** A new connection, or a reconnect replacing the resource's old one (tokens, account, status). */
    upsert: (tx: TenantTx, resourceId: string, data: Omit<Prisma.CalendarConnectionUncheckedCreateInput, 'tenantId' | 'resourceId'>) =>
      tx.calendarConnection.upsert({
        where: { resourceId },
        create: { ...data, resourceId } as Prisma.CalendarConnectionUncheckedCreateInput,
        update: data,
        select: connectionSelect,
      }),

    update: (tx: TenantTx, id: string, data: Prisma.CalendarConnectionUncheckedUpdateInput) =>
      tx.calendarConnection.update({ where: { id }, data, select: connectionSelect }),

    /** Tokens after a refresh (or re-encrypted under the current key), outside any other change. */
    updateTokens: (id: string, data: ConnectionTokensPatch) => db.calendarConnection.updateMany({ where: { id }, data }),

    delete: (tx: TenantTx, id: string) => tx.calendarConnection.deleteMany({ where: { id } }),

    /** The resource (its staff member is `userId`); null when not in this tenant. */
    resource: (resourceId: string, tx?: TenantTx) => (tx ?? db).resource.findFirst({ where: { id: resourceId }, select: resourceSelect }),

    /** Live (not stopped) watch channels of a connection. */
    liveChannels: (connectionId: string, tx?: TenantTx) =>
      (tx ?? db).calendarChannel.findMany({
        where: { connectionId, stoppedAt: null },
        select: { id: true, channelId: true, googleResourceId: true, calendarId: true, expiresAt: true },
        orderBy: { expiresAt: 'asc' },
      }),

    /** The booking events of a connection go NOT_CONNECTED (the connection is going away). */
    detachBookingEvents: (tx: TenantTx, connectionId: string) =>
      tx.bookingCalendarEvent.updateMany({ where: { connectionId }, data: { state: 'NOT_CONNECTED', connectionId: null, error: null } }),

    createState: (tx: TenantTx, data: { stateHash: string; resourceId: string; userId: string; sessionHash: string; expiresAt: Date }) =>
      tx.calendarOAuthState.create({ data: data as Prisma.CalendarOAuthStateUncheckedCreateInput, select: stateSelect }),

    /**
     * Cross-tenant: the OAuth callback arrives without a tenant; the state names it. Used once:
     * the row is marked used by the first caller only (null for any other).
     */
    async unsafeConsumeState(stateHash: string, now: Date): Promise<(OAuthStateRow & { tenantId: string }) | null> {
      const used = await prisma.calendarOAuthState.updateManyAndReturn({
        where: { stateHash, usedAt: null },
        data: { usedAt: now },
        select: { ...stateSelect, tenantId: true },
      });
      return used[0] ?? null;
    },

    /** Cross-tenant housekeeping: states past their expiry are of no use to anyone. */
    unsafeDeleteStatesBefore: (before: Date) => prisma.calendarOAuthState.deleteMany({ where: { expiresAt: { lt: before } } }),
  };
}
export type ConnectionRepo = ReturnType<typeof createConnectionRepo>;
