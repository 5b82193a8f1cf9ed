/**
 * Search boxes match what people type literally. Prisma's `contains` becomes LIKE without
 * escaping, where `%` and `_` are wildcards and `\` the escape: a search for "50%" must mean the
 * text "50%", and "_" must not match everything.
 */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A Prisma string filter: the column contains `text`, literally, ignoring case. */
export const containsText = (text: string) => ({ contains: escapeLike(text), mode: 'insensitive' as const });
