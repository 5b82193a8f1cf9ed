import { randomUUID } from 'node:crypto';
import type { TCustomer, TResource, TService, TWeeklyRule } from '@slotwise/contracts';
import type { TestApp } from './app';
import { as, type Staff } from './factories';

/** Resources, hours, services and customers through the HTTP API, for any test that needs them. */

const uniq = () => randomUUID().slice(0, 8);

function expectStatus(res: { status: number; body: unknown }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function createResource(
  t: TestApp,
  owner: Staff,
  overrides: Partial<{ name: string; timeZone: string; userId: string | null; active: boolean }> = {},
): Promise<TResource> {
  const res = await as(t, owner)
    .post('/v1/resources')
    .send({ name: `Resource ${uniq()}`, ...overrides });
  expectStatus(res, 201, 'createResource');
  return res.body;
}

export async function setWeekHours(t: TestApp, owner: Staff, resourceId: string, rules: TWeeklyRule[]): Promise<TWeeklyRule[]> {
  const res = await as(t, owner).put(`/v1/resources/${resourceId}/hours`).send(rules);
  expectStatus(res, 200, 'setWeekHours');
  return res.body;
}

export async function createService(t: TestApp, owner: Staff, input: { resourceIds: string[] } & Record<string, unknown>): Promise<TService> {
  const res = await as(t, owner)
    .post('/v1/services')
    .send({ name: `Service ${uniq()}`, durationMin: 30, priceMinor: 2500, currency: 'EUR', ...input });
  expectStatus(res, 201, 'createService');
  return res.body;
}

export async function createCustomer(
  t: TestApp,
  who: Staff,
  overrides: Partial<{ name: string; email: string; phone: string | null; timeZone: string | null; notes: string | null }> = {},
): Promise<TCustomer> {
  const id = uniq();
  const res = await as(t, who)
    .post('/v1/customers')
    .send({ name: `Customer ${id}`, email: `customer-${id}@example.test`, ...overrides });
  expectStatus(res, 201, 'createCustomer');
  return res.body;
}
