const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A string PostgreSQL takes as a `uuid` (any case): for values from outside (tokens, job payloads) checked before a query. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
