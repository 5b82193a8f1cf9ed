import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'emulator-google',
    include: ['src/**/*.test.ts'],
    testTimeout: 15_000,
  },
});
