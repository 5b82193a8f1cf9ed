import { pino } from 'pino';
import supertest from 'supertest';
import { buildDeps, createApp } from './src/app';
import { loadConfig } from './src/config';
import { systemClock } from './src/platform/clock';
import { createDatabaseClients } from './src/platform/db';
import { createRateLimits } from './src/platform/rate-limit';
import { benchId, tenantSlug } from '../../bench/plan';
const url = process.argv[2]!;
const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_URL: url, PUBLIC_URL: 'http://localhost:3000', RATE_LIMIT_MODE: 'off', SECRET_KEY: 'bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz' });
const { prisma, pool } = createDatabaseClients(url, 4);
const logger = pino({ level: 'warn' });
const jobs = { send: async () => null, cancel: async () => {} } as any;
const rateLimits = createRateLimits({ mode: 'off', planOf: () => undefined, logger });
const deps = buildDeps({ config, prisma, pool, logger, clock: systemClock, version: 'x', jobs, rateLimits });
const http = supertest(createApp(deps));
const N = Number(process.argv[3] ?? 200);
const times: number[] = [];
for (let i = 0; i < N; i++) {
  const t = 1 + ((i * 37) % 1000);
  const t0 = performance.now();
  const res = await http.get(`/v1/public/tenants/${tenantSlug(t)}/services/${benchId('service', t)}/slots?from=2026-12-01&to=2026-12-31&timeZone=Europe%2FBerlin`);
  times.push(performance.now() - t0);
  if (res.status !== 200) throw new Error(res.text);
}
times.sort((a, b) => a - b);
console.log('p50', times[Math.floor(N / 2)]!.toFixed(1), 'p95', times[Math.floor(N * 0.95)]!.toFixed(1));
await prisma.$disconnect(); await pool.end(); await rateLimits.close();
