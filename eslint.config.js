import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import slotwise from './tools/eslint/slotwise-plugin.js';

/** Tests, e2e, benchmarks and scripts: code that drives the product from outside. */
const OUTSIDE = ['**/*.test.ts', '**/*.test.tsx', 'apps/api/test/**', 'e2e/**', 'bench/**', 'scripts/**'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**', 'test-results/**', 'playwright-report/**', '.data/**'] },
  js.configs.recommended,
  // Type-aware: every .ts/.tsx file belongs to one of the workspace tsconfigs, which the project service finds.
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
      eqeqeq: ['error', 'smart'],
      // The reason for type-aware lint: a promise nobody awaits loses its rejection. The booking hot
      // path's pipelined queries are deliberate and say so with `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Off: an async function without await is how a function keeps a Promise-returning signature
      // (an interface, a job handler, a ts-rest handler) and turns a throw into a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: OUTSIDE,
    rules: {
      // Off outside the product: supertest's `res.body`, page.evaluate results and parsed JSON are `any`
      // by design there, and the test's own expect() is the check.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // ---- API data access (imports are checked by dependency-cruiser, .dependency-cruiser.cjs) ----
  {
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/**/*.repo.ts', 'apps/api/src/platform/**', 'apps/api/src/**/*.test.ts'],
    plugins: { slotwise },
    rules: { 'slotwise/no-data-access-outside-repos': 'error' },
  },
  {
    files: ['apps/api/src/**/*.repo.ts'],
    plugins: { slotwise },
    rules: { 'slotwise/raw-client-only-in-unsafe': 'error' },
  },

  // ---- Web ----
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ...jsxA11y.flatConfigs.recommended,
  },
  {
    // Scripts, tests, benchmarks and emulators may print.
    files: ['scripts/**', 'bench/**', 'e2e/**', '**/*.test.ts', '**/*.test.tsx', 'apps/api/test/**', 'apps/api/src/cli/**'],
    rules: { 'no-console': 'off' },
  },
);
