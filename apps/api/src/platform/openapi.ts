import { apiContract, opsContract, paymentsOpsContract, type TRouteMeta } from '@slotwise/contracts';
import { generateOpenApi } from '@ts-rest/open-api';
import { initContract } from '@ts-rest/core';

const c = initContract();

/** One router holding every contract route, for the OpenAPI document and route-driven tests. */
export const everyRoute = c.router({ ops: opsContract, paymentsOps: paymentsOpsContract, api: apiContract });

/** The OpenAPI 3 document of every contract route, generated from the contracts. */
export function buildOpenApiDocument(version: string) {
  return generateOpenApi(
    everyRoute,
    {
      info: {
        title: 'Slotwise API',
        version,
        description:
          "Scheduling and booking API. Staff routes act on the session's current tenant; public routes live under /v1/public. " +
          'Errors are always `{ error: { code, message, details?, requestId } }`.',
      },
      servers: [{ url: '/' }],
    },
    {
      setOperationId: 'concatenated-path',
      operationMapper: (operation, route) => {
        const meta = (route.metadata ?? {}) as TRouteMeta;
        return {
          ...operation,
          ...(meta.deprecated ? { deprecated: true } : {}),
          ...(meta.roles ? { 'x-roles': meta.roles } : {}),
          'x-auth': meta.auth ?? 'session',
        };
      },
    },
  );
}
