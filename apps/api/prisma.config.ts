import { defineConfig } from 'prisma/config';

// Only `prisma generate` runs offline; migrations are applied by our own runner
// (src/platform/migrate.ts), which records them exactly as `prisma migrate deploy` would.
export default defineConfig({
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@localhost:5432/slotwise' },
});
