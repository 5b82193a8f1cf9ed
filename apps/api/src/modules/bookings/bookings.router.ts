import { apiContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import type { Actor } from '../../platform/audit';
import { authOf } from '../../platform/guard';
import type { Response } from 'express';
import { createBookingsService } from './bookings.service';

const s = initServer();
const staffActor = (res: Response): Actor => ({ type: 'user', id: authOf(res).userId });

export function bookingsRouter(deps: AppDeps) {
  const bookings = createBookingsService(deps);
  return s.router(apiContract.bookings, {
    list: async ({ query }) => ({ status: 200, body: await bookings.list(query) }),
    create: async ({ body, headers, res }) => ({
      status: 201,
      body: await bookings.create(body, { source: 'STAFF', idempotencyKey: headers['idempotency-key'], actor: staffActor(res) }),
    }),
    get: async ({ params }) => ({ status: 200, body: await bookings.get(params.id) }),
    history: async ({ params }) => ({ status: 200, body: await bookings.history(params.id) }),
    update: async ({ params, body, res }) => ({ status: 200, body: await bookings.update(params.id, body, staffActor(res)) }),
    cancel: async ({ params, body, res }) => ({ status: 200, body: await bookings.cancel(params.id, body.reason, body.version, staffActor(res)) }),
    setStatus: async ({ params, body, res }) => ({
      status: 200,
      body: await bookings.setStatus(params.id, body.status, body.version, staffActor(res)),
    }),
  });
}
