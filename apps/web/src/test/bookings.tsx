import type { TBooking, TRole } from '@slotwise/contracts';
import type { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { AppProviders } from '../app/providers';
import { meAs, TENANT } from './fixtures';
import { authKeys } from '../features/auth/api';
import { SessionContext, type Session } from '../lib/session';

export const BOOKING: TBooking = {
  id: '0f8e6a52-6f0e-4b7e-9a63-3d2d6c1f5a10',
  serviceId: '5d1c6a0b-2f53-4c36-8a51-8f4d7f3b9e21',
  resourceId: '7b2e9c4d-1a3f-4e5b-9c8d-2f1e0a9b8c72',
  customerId: '3a9f8e7d-6c5b-4a3f-8e2d-1c0b9a8f7e63',
  startsAt: '2026-06-09T09:00:00.000Z',
  endsAt: '2026-06-09T10:00:00.000Z',
  timeZone: 'America/New_York',
  status: 'CONFIRMED',
  priceMinor: 4500,
  currency: 'EUR',
  notes: 'Prefers the window seat',
  version: 2,
  holdExpiresAt: null,
  source: 'PUBLIC',
  cancellationReason: null,
  cancelledBy: null,
  createdAt: '2026-06-01T08:00:00.000Z',
  updatedAt: '2026-06-01T08:00:00.000Z',
  customerName: 'Marta Reis',
  customerPhone: '+351 912 345 678',
  customer: { id: '3a9f8e7d-6c5b-4a3f-8e2d-1c0b9a8f7e63', name: 'Marta Reis', email: 'marta@example.test', phone: '+351 912 345 678' },
  service: { id: '5d1c6a0b-2f53-4c36-8a51-8f4d7f3b9e21', name: 'Haircut' },
  resource: { id: '7b2e9c4d-1a3f-4e5b-9c8d-2f1e0a9b8c72', name: 'Rita' },
};

export const SESSION: Session = { user: meAs('OWNER').user, tenant: TENANT, role: 'OWNER', memberships: meAs('OWNER').memberships };

/** The dashboard's providers with a signed-in session and `me` in the cache, as RequireSession leaves them. */
export function withSession(queryClient: QueryClient, role: TRole = 'OWNER') {
  queryClient.setQueryData(authKeys.me(), { status: 200, body: meAs(role), headers: new Headers() });
  const session: Session = { ...SESSION, role };
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <AppProviders queryClient={queryClient}>
        <SessionContext value={session}>{children}</SessionContext>
      </AppProviders>
    );
  };
}

/** A promise the test settles by hand, to look at the screen while a request is in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
