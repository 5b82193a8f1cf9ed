import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { as, signUpTenant } from '../../../test/factories';
import { ManualClock } from '../../platform/clock';
import { auditRetentionJob } from './audit.jobs';

describe('audit retention job', () => {
  const clock = new ManualClock('2032-01-01T00:00:00Z');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock, env: { SESSION_IDLE_HOURS: '2160', SESSION_ABSOLUTE_DAYS: '365' } });
  });
  afterAll(() => t.close());

  it("deletes each tenant's entries older than its own retention and keeps the rest", async () => {
    const shortLived = await signUpTenant(t);
    const longLived = await signUpTenant(t);
    await as(t, shortLived).patch('/v1/tenant').send({ auditRetentionDays: 30 }).expect(200);
    await as(t, longLived).patch('/v1/tenant').send({ auditRetentionDays: 365 }).expect(200);
    clock.advanceMinutes(61 * 24 * 60);
    await as(t, shortLived).patch('/v1/tenant').send({ name: 'Recent change' }).expect(200);

    await t.jobs.runNow(auditRetentionJob(t.deps), {});

    const left = await t.prisma.auditLog.findMany({ where: { tenantId: shortLived.tenantId } });
    expect(left.map((e) => e.action)).toEqual(['tenant.updated']);
    expect(await t.prisma.auditLog.count({ where: { tenantId: longLived.tenantId } })).toBe(2);
  });

  it('is registered as a daily scheduled job', () => {
    expect(auditRetentionJob(t.deps).cron).toBe('17 3 * * *');
  });
});
