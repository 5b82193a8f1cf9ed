import type { Logger } from 'pino';
import { isDatabaseUnavailable } from './errors';

/**
 * What the process does with an error nobody caught (docs/adr/007-database-outages.md).
 *
 * An uncaught exception is a synchronous throw that escaped from the middle of some callback
 * (an event, a timer), which may have been half-way through changing state: a pool connection
 * left checked out, a lock never released, a cache half-written. Node documents the process as
 * being in an undefined state afterwards, so for an error we cannot name, we stop serving: log
 * it as fatal and shut down gracefully with exit code 1, for the supervisor (Docker's restart
 * policy, systemd, Kubernetes) to start a clean process.
 *
 * A lost database connection is the exception we can name. Every pg client we own has an
 * 'error' listener for its whole life (platform/db, platform/sql), and pg-boss guards its own,
 * so none should get here; if one does (a library's connection we did not cover), pg has
 * already failed that connection's statements and marked it unusable before emitting the
 * error, and the pool discards it on release. Nothing was left half-done, so the process keeps
 * serving: a database restart must never take the API down. It is still logged at error
 * level: a listener is missing somewhere.
 *
 * An unhandled rejection is a promise whose failure nobody awaited: the code that produced it
 * unwound normally, so there is no half-changed state, only a dropped result. Logged (warn for
 * a lost database connection, error otherwise), and the process keeps serving; Node's default
 * would turn it into an uncaught exception and stop the process.
 */
export function uncaughtErrorHandlers(logger: Logger, shutdown: (reason: string) => void) {
  // Arrow functions: process.on() calls them unbound.
  return {
    uncaughtException: (err: unknown): void => {
      if (isDatabaseUnavailable(err)) {
        logger.error({ err }, 'a lost database connection escaped its handler; still serving');
        return;
      }
      logger.fatal({ err }, 'uncaught exception; shutting down');
      shutdown('uncaughtException');
    },
    unhandledRejection: (reason: unknown): void => {
      if (isDatabaseUnavailable(reason))
        logger.warn({ reason: reason instanceof Error ? reason.message : String(reason) }, 'unhandled rejection: database unavailable');
      else logger.error({ err: reason }, 'unhandled promise rejection; still serving');
    },
  };
}
