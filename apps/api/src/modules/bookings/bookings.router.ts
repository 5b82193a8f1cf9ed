import { apiContract, type TBooking } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import type { Actor } from '../../platform/audit';
import { authOf } from '../../platform/guard';
import { createIdempotency } from '../../platform/idempotency';
import type { Response } from 'express';
import { createBookingsService } from './bookings.service';

const s = initServer();
const staffActor = (res: Response): Actor => ({ type: 'user', id: authOf(res).userId });

export function bookingsRouter(deps: AppDeps) {
  const bookings = createBookingsService(deps);
  const idempotency = createIdempotency(deps);
  return s.router(apiContract.bookings, {
    list: async ({ query }) => ({ status: 200, body: await bookings.list(query) }),
    // The answer is recorded for the Idempotency-Key in the booking's own transaction.
    create: ({ body, headers, res }) =>
      idempotency.respond<201, TBooking>('booking.create:STAFF', headers['idempotency-key'], body, 201, (record) =>
        bookings.create(body, { source: 'STAFF', actor: staffActor(res), alsoWrite: record }),
      ),
    get: async ({ params }) => ({ status: 200, body: await bookings.get(params.id) }),
    history: async ({ params }) => ({ status: 200, body: await bookings.history(params.id) }),
    update: async ({ params, body, res }) => ({ status: 200, body: await bookings.update(params.id, body, staffActor(res)) }),
    cancel: async ({ params, body, res }) => ({
      status: 200,
      body: await bookings.cancel(params.id, body.reason, body.version, staffActor(res), { refund: body.refund }),
    }),
    setStatus: async ({ params, body, res }) => ({
      status: 200,
      body: await bookings.setStatus(params.id, body.status, body.version, staffActor(res), { role: authOf(res).role }),
    }),
  });
}
