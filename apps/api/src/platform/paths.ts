import path from 'node:path';

/** The repository root, from this file's place in apps/api/src/platform. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
