import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';

/** A Google watch channel as we keep it: the secret only as a hash. */
export const channelSelect = {
  id: true,
  tenantId: true,
  connectionId: true,
  calendarId: true,
  channelId: true,
  googleResourceId: true,
  tokenHash: true,
  expiresAt: true,
  stoppedAt: true,
  createdAt: true,
} as const satisfies Prisma.CalendarChannelSelect;
export type ChannelRow = Prisma.CalendarChannelGetPayload<{ select: typeof channelSelect }>;

export type NewChannel = {
  connectionId: string;
  calendarId: string;
  channelId: string;
  googleResourceId: string;
  tokenHash: string;
  expiresAt: Date;
};

export function createChannelsRepo({ db, prisma }: Pick<AppDeps, 'db' | 'prisma'>) {
  return {
    /**
     * Cross-tenant: a push notification arrives with nothing but the channel id (our random
     * UUID, unique); the row names the tenant. Null when unknown.
     */
    unsafeFindByChannelId: (channelId: string) => prisma.calendarChannel.findUnique({ where: { channelId }, select: channelSelect }),

    /** Every channel of a connection that is not stopped, newest expiry first. */
    unstopped: (connectionId: string) =>
      db.calendarChannel.findMany({ where: { connectionId, stoppedAt: null }, select: channelSelect, orderBy: { expiresAt: 'desc' } }),

    insert: (data: NewChannel) => db.calendarChannel.create({ data: data as Prisma.CalendarChannelUncheckedCreateInput, select: channelSelect }),

    markStopped: (id: string, at: Date) => db.calendarChannel.updateMany({ where: { id, stoppedAt: null }, data: { stoppedAt: at } }),

    /**
     * Cross-tenant, for the renewal job: connections with a channel that is not stopped and
     * expires before `before` (renewal is due), and the connections' tenants.
     */
    unsafeConnectionsExpiringBefore: (before: Date) =>
      prisma.calendarChannel.findMany({
        where: { stoppedAt: null, expiresAt: { lt: before } },
        select: { tenantId: true, connectionId: true },
        distinct: ['connectionId'],
      }),

    /** Cross-tenant housekeeping: channels stopped or expired before `before` can deliver nothing we accept. */
    unsafeDeleteEndedBefore: (before: Date) =>
      prisma.calendarChannel.deleteMany({ where: { OR: [{ stoppedAt: { lt: before } }, { expiresAt: { lt: before } }] } }),
  };
}
export type ChannelsRepo = ReturnType<typeof createChannelsRepo>;
