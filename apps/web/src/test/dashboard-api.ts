import { json, type installFakeApi } from './fake-api';

type FakeApi = ReturnType<typeof installFakeApi>;
const emptyPage = () => json(200, { items: [], nextCursor: null });

/**
 * Answers for a business with nothing set up yet: no services, resources, customers, bookings
 * or closures. For tests that pass through dashboard pages they are not about (the overview's
 * checklist, the services page after a navigation); register a test's own answers after this.
 */
export function answerEmptyBusiness(api: FakeApi): void {
  api.on('GET /v1/services', emptyPage);
  api.on('GET /v1/resources', emptyPage);
  api.on('GET /v1/customers', emptyPage);
  api.on('GET /v1/bookings', emptyPage);
  api.on('GET /v1/blackouts', () => json(200, { items: [] }));
}
