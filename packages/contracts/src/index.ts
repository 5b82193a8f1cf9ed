import { initContract } from '@ts-rest/core';
import { commonResponses } from './common';
import { systemContract } from './system';

export * from './common';
export * from './system';
export { opsContract } from './ops';

const c = initContract();

/** Every versioned route of the API. The API mounts it, the web app and the tests call it. */
export const apiContract = c.router(
  {
    system: systemContract,
  },
  { pathPrefix: '/v1', strictStatusCodes: true, commonResponses },
);
export type ApiContract = typeof apiContract;
