import { isAppRoute, type AppRoute, type AppRouter } from '@ts-rest/core';

/** Every route of a contract router as [dotted key, route], for tests generated from the contracts. */
export function routesOf(router: AppRouter, prefix = ''): [string, AppRoute][] {
  return Object.entries(router).flatMap(([key, r]) => (isAppRoute(r) ? [[`${prefix}${key}`, r] as [string, AppRoute]] : routesOf(r, `${prefix}${key}.`)));
}
