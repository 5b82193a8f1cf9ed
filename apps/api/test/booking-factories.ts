import type { TResource, TService } from '@slotwise/contracts';
import type { TestApp } from './app';
import { createResource, createService, setWeekHours } from './catalog-factories';
import { signUpTenant, type Staff } from './factories';

export const WEEKDAYS_9_TO_5 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

export type Bookable = { owner: Staff; resource: TResource; service: TService };

/** A tenant with one resource open Mon–Fri 9–5 (in `timeZone`) and one service on it. */
export async function setUpBookable(
  t: TestApp,
  opts: { timeZone?: string; hours?: { weekday: number; start: string; end: string }[]; service?: Record<string, unknown>; resources?: number } = {},
): Promise<Bookable & { resources: TResource[] }> {
  const timeZone = opts.timeZone ?? 'Europe/London';
  const owner = await signUpTenant(t, { timeZone });
  const resources: TResource[] = [];
  for (let i = 0; i < (opts.resources ?? 1); i++) {
    const resource = await createResource(t, owner, { timeZone });
    await setWeekHours(t, owner, resource.id, opts.hours ?? WEEKDAYS_9_TO_5);
    resources.push(resource);
  }
  const service = await createService(t, owner, {
    resourceIds: resources.map((r) => r.id),
    durationMin: 60,
    priceMinor: 0,
    minNoticeMin: 0,
    maxAdvanceDays: 365,
    ...opts.service,
  });
  return { owner, resource: resources[0]!, resources, service };
}

export const customer = (n: number | string) => ({ name: `Customer ${n}`, email: `c${n}@example.test` });
