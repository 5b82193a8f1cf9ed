import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { uncaughtErrorHandlers } from './process-errors';

/** What server.ts does with errors nobody caught: stop only for what it cannot name. */
function setUp() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const shutdowns: string[] = [];
  return { lines, shutdowns, handlers: uncaughtErrorHandlers(logger, (reason) => shutdowns.push(reason)) };
}

describe('uncaught errors', () => {
  it('keeps serving when a lost database connection escapes (pg has already failed its statements)', () => {
    const { lines, shutdowns, handlers } = setUp();
    handlers.uncaughtException(new Error('Connection terminated unexpectedly'));
    handlers.uncaughtException(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }));
    expect(shutdowns).toEqual([]);
    expect(lines.map((l) => l.level)).toEqual([50, 50]);
  });

  it('shuts down, fatally logged, for an exception it cannot name', () => {
    const { lines, shutdowns, handlers } = setUp();
    handlers.uncaughtException(new TypeError('undefined is not a function'));
    expect(shutdowns).toEqual(['uncaughtException']);
    expect(lines).toContainEqual(expect.objectContaining({ level: 60 }));
  });

  it('keeps serving after an unhandled rejection, logged as a warning for a lost database and as an error otherwise', () => {
    const { lines, shutdowns, handlers } = setUp();
    handlers.unhandledRejection(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    handlers.unhandledRejection(new Error('a bug'));
    expect(shutdowns).toEqual([]);
    expect(lines.map((l) => l.level)).toEqual([40, 50]);
  });
});
