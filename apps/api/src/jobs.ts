import type { AppDeps } from './platform/deps';
import { auditRetentionJob } from './modules/audit/audit.jobs';
import { accountEmailJob } from './modules/auth/account-email.jobs';
import { holdExpiryJob, holdSweepJob } from './modules/bookings/bookings.jobs';
import { calendarJobs } from './modules/calendar/calendar.jobs';
import { calendarSyncJobs } from './modules/calendar/sync.jobs';
import { bookingEventJob, emailJob } from './modules/notifications/notifications.jobs';
import { paymentsJobs } from './modules/payments/payments.jobs';
import { walletJobs } from './modules/payments/wallet.jobs';
import { housekeepingJob } from './modules/system/housekeeping.jobs';
import { invitationEmailJob } from './modules/tenant/invitation-email.jobs';
import type { JobDefinition } from './platform/jobs';

/** Every background job the product runs; server.ts registers them with pg-boss. */
export function jobDefinitions(deps: AppDeps): JobDefinition<object>[] {
  return [
    auditRetentionJob(deps),
    holdExpiryJob(deps),
    holdSweepJob(deps),
    emailJob(deps),
    bookingEventJob(deps),
    housekeepingJob(deps),
    invitationEmailJob(deps),
    accountEmailJob(deps),
    ...paymentsJobs(deps),
    ...walletJobs(deps),
    ...calendarJobs(deps),
    ...calendarSyncJobs(deps),
  ];
}
