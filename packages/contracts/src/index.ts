import { initContract } from '@ts-rest/core';
import { commonResponses } from './common';
import { auditContract } from './audit';
import { authContract } from './auth';
import { blackoutsContract, bookingsContract, customersContract, publicContract, resourcesContract, servicesContract } from './scheduling';
import { paymentsContract } from './payments';
import { insightsContract } from './insights';
import { selfServiceContract } from './selfservice';
import { systemContract } from './system';
import { invitationPublicContract, tenantContract } from './tenant';
import { walletContract } from './wallet';
import { calendarContract } from './calendar';

export * from './common';
export * from './system';
export * from './auth';
export * from './tenant';
export * from './audit';
export * from './scheduling';
export * from './booking-status';
export * from './selfservice';
export * from './payments';
export * from './wallet';
export * from './insights';
export * from './calendar';
export { opsContract, ZFailedJob, type TFailedJob } from './ops';

const c = initContract();

/** Every versioned route of the API. The API mounts it, the web app and the tests call it. */
export const apiContract = c.router(
  {
    system: systemContract,
    auth: authContract,
    tenant: tenantContract,
    invitations: invitationPublicContract,
    audit: auditContract,
    resources: resourcesContract,
    services: servicesContract,
    blackouts: blackoutsContract,
    customers: customersContract,
    bookings: bookingsContract,
    public: publicContract,
    manage: selfServiceContract,
    payments: paymentsContract,
    wallet: walletContract,
    insights: insightsContract,
    calendar: calendarContract,
  },
  { pathPrefix: '/v1', strictStatusCodes: true, commonResponses },
);
export type ApiContract = typeof apiContract;
