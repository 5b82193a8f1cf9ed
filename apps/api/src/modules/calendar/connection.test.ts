import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { connectCalendar } from '../../../test/calendar-factories';
import { createResource } from '../../../test/catalog-factories';
import { signUpTenant } from '../../../test/factories';

describe('Google Calendar: connecting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ google: true });
  });
  afterAll(() => t.close());

  it('connects through consent and the callback', async () => {
    const owner = await signUpTenant(t);
    const resource = await createResource(t, owner);
    const { connection, email } = await connectCalendar(t, owner, resource.id, { email: 'ana@salon.test' });
    expect(connection.status).toBe('CONNECTED');
    expect(connection.accountEmail).toBe(email);
  });
});
