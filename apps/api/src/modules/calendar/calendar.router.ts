import { apiContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import { authOf } from '../../platform/guard';
import { createCalendarConnectionService } from './connection.service';

const s = initServer();

/** A resource's Google Calendar connection: its own staff member, an OWNER or an ADMIN (checked in the service). */
export function calendarRouter(deps: AppDeps) {
  const calendar = createCalendarConnectionService(deps);
  return s.router(apiContract.calendar, {
    connect: async ({ params, res }) => ({ status: 200, body: await calendar.connect(params.id, authOf(res)) }),
    get: async ({ params, res }) => ({ status: 200, body: await calendar.get(params.id, authOf(res)) }),
    update: async ({ params, body, res }) => ({ status: 200, body: await calendar.update(params.id, body, authOf(res)) }),
    disconnect: async ({ params, res }) => ({ status: 200, body: await calendar.disconnect(params.id, authOf(res)) }),
  });
}
