/* eslint-disable no-console -- this file is the guard around console.error in tests */
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';

// findBy…/waitFor give up after 1 s by default: a lazy route plus a fetch can take longer on a
// loaded two-core CI machine. Waiting longer changes nothing for a page that works.
configure({ asyncUtilTimeout: 5000 });

/**
 * A console.error during a test (a React warning, an act() warning, a failed prop type, code
 * that logs instead of handling) fails that test. A test that expects one should spy on
 * console.error itself.
 */
const originalConsoleError = console.error;
let unexpectedErrors: unknown[][] = [];

beforeEach(() => {
  unexpectedErrors = [];
  console.error = (...args: unknown[]) => {
    unexpectedErrors.push(args);
    originalConsoleError(...args);
  };
});

afterEach(() => {
  // Testing Library only cleans up by itself when test globals are enabled; they are not.
  cleanup();
  console.error = originalConsoleError;
  if (unexpectedErrors.length > 0) {
    const messages = unexpectedErrors.map((args) => args.map(String).join(' ')).join('\n---\n');
    throw new Error(`Unexpected console.error during the test:\n${messages}`);
  }
});
