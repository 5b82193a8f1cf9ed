/** `pnpm db:migrate`: apply pending migrations to DATABASE_URL, or to the embedded database. */
import { loadConfig } from '../config';
import { openDatabase } from '../platform/db';
import { createLogger } from '../platform/logger';

const config = loadConfig();
const logger = createLogger(config);
const database = await openDatabase(config, logger); // applies migrations
await database.stop();
