import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

/** What every piece of code may know about the request it runs for. */
export type RequestContext = {
  requestId: string;
  correlationId: string;
  logger: Logger;
  tenantId?: string;
  userId?: string;
  ip?: string;
  userAgent?: string;
};

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current request's context, or undefined outside a request (jobs, start-up). */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Adds fields (tenant, user) to the current context once they are known. */
export function enrichContext(fields: Partial<Pick<RequestContext, 'tenantId' | 'userId'>>): void {
  const ctx = storage.getStore();
  if (!ctx) throw new Error('enrichContext called outside a request context');
  Object.assign(ctx, fields);
  ctx.logger = ctx.logger.child(fields);
}
