import { AppError } from '../../platform/errors';

/**
 * Keyset pagination over (name asc, id asc) for the catalog lists.
 *
 * The cursor carries only the id of the last row on the page; the name is read back from the
 * database when the next page is asked for. Names can be 120 characters of any script, so
 * carrying them would overflow the contract's 200-character cursor.
 */
export type NameKey = { name: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');

export function invalidCursor(): AppError {
  return new AppError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'Invalid cursor' }]);
}

/** The id inside a cursor, or a 400 when the cursor is not one of ours. */
export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID.test(id)) throw invalidCursor();
  return id;
}

/** Resolves a cursor to the key of the row it points at; `find` looks the row up in the current tenant. */
export async function cursorKey(cursor: string | undefined, find: (id: string) => Promise<NameKey | null>): Promise<NameKey | null> {
  if (!cursor) return null;
  const key = await find(decodeCursor(cursor));
  if (!key) throw invalidCursor();
  return key;
}

/** Rows strictly after `key` in (name, id) order. */
export function afterKey(key: NameKey | null) {
  return key ? { OR: [{ name: { gt: key.name } }, { name: key.name, id: { gt: key.id } }] } : {};
}

export const byNameThenId = [{ name: 'asc' as const }, { id: 'asc' as const }];

/** Cuts the `limit + 1` rows a repo fetched into a page and the cursor of the next one. */
export function toPage<T extends { id: string }, U>(rows: T[], limit: number, map: (row: T) => U) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
