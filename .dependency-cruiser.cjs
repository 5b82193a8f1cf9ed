/**
 * Import boundaries and the cycle check (issue #13), run by `pnpm lint` as `depcruise`.
 * docs/architecture.md says what each rule protects; the member-access rules (deps.db, raw prisma)
 * are the local eslint plugin in tools/eslint/, since they are about code, not imports.
 *
 * Paths are relative to the repository root. `$1` in a `to` refers to the group captured by `from`.
 */
const API = '^apps/api/src/';
const MODULES = `${API}modules/`;
const TESTS = ['\\.test\\.tsx?$', '^apps/api/test/', '^e2e/', '^bench/', '^scripts/'];
const WEB = '^apps/web/src/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ---- the whole workspace ----------------------------------------------------------------
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles, type-only imports included: a type cycle is the same coupling (the issue started from ' +
        "every module importing app.ts's AppDeps) and breaks as soon as someone adds a value import along it.",
      from: { path: ['^apps/[^/]+/src/', '^apps/emulators/[^/]+/src/', '^packages/[^/]+/src/'] },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      from: { path: '^(apps|packages)/' },
      to: { couldNotResolve: true },
    },

    // ---- API ---------------------------------------------------------------------------------
    {
      name: 'api-router-imports-own-service',
      severity: 'error',
      comment:
        "A router parses, calls its own module's service and maps the result: it imports only *.service.ts " +
        'files of its own module folder, platform/, the contracts and libraries.',
      from: { path: `${MODULES}([^/]+)/[^/]+\\.router\\.ts$` },
      to: {
        path: API,
        pathNot: [`${MODULES}$1/[^/]+\\.service\\.ts$`, `${API}platform/`],
      },
    },
    {
      name: 'api-module-through-service',
      severity: 'error',
      comment:
        "A module uses another module only through that module's *.service.ts, a small index.ts it exposes, or its " +
        '*.queues.ts (the names and payload types of the jobs it runs: sending one is how another module asks for ' +
        'its side effects without importing its jobs) — never its repo, jobs, router or helpers.',
      from: { path: `${MODULES}([^/]+)/`, pathNot: TESTS },
      to: {
        path: MODULES,
        pathNot: [`${MODULES}$1/`, `${MODULES}[^/]+/[^/]+\\.service\\.ts$`, `${MODULES}[^/]+/index\\.ts$`, `${MODULES}[^/]+/[^/]+\\.queues\\.ts$`],
      },
    },
    {
      name: 'api-repo-only-from-own-module',
      severity: 'error',
      comment: "Nobody outside a module (platform, cli, seed, integrations, tests) imports that module's *.repo.ts.",
      from: { pathNot: `${MODULES}` },
      to: { path: `${MODULES}[^/]+/[^/]+\\.repo\\.ts$` },
    },
    {
      name: 'api-service-not-jobs',
      severity: 'error',
      comment:
        'Job definitions depend on services, never the reverse: a service enqueues by queue name and payload ' +
        'type (declared outside *.jobs.ts), so bookings.service → bookings.jobs → notifications → bookings.service ' +
        'cannot come back.',
      from: { path: `${API}.*\\.service\\.ts$` },
      to: { path: '\\.jobs\\.ts$' },
    },
    {
      name: 'api-data-access-in-repos',
      severity: 'error',
      comment:
        'Only *.repo.ts files and platform/ import the Prisma client (generated/prisma, @prisma/*) or pg; ' +
        'tests may, to inspect the database; the composition root and CLI entries get clients from platform/db.',
      from: { path: API, pathNot: ['\\.repo\\.ts$', `${API}platform/`, ...TESTS] },
      to: { path: ['/generated/prisma/', '(^|/)node_modules/(@prisma/|pg/|@types/pg/)'] },
    },
    {
      name: 'api-nobody-imports-app',
      severity: 'error',
      comment: 'app.ts is the composition root: only server.ts, CLI entries, tests, bench and scripts import it.',
      from: { pathNot: [`${API}server\\.ts$`, `${API}cli/`, ...TESTS] },
      to: { path: `${API}app\\.ts$` },
    },
    {
      name: 'vendor-sdk-only-in-integrations',
      severity: 'error',
      comment:
        'integrations/<vendor>/ wraps the official SDK and returns our types; nothing else in the product imports ' +
        'stripe or googleapis (tests, the emulators and bench may, to sign webhooks or drive a flow).',
      from: { path: '^apps/(api|web)/src/', pathNot: [`${API}integrations/[^/]+/`, ...TESTS] },
      to: { path: '(^|/)node_modules/(stripe|googleapis|google-auth-library|@googleapis)/' },
    },

    // ---- Web ---------------------------------------------------------------------------------
    {
      name: 'web-feature-imports-app-ui-lib-self',
      severity: 'error',
      comment: 'A feature imports only app/, ui/, lib/ and its own folder; what two features share moves down.',
      from: { path: `${WEB}features/([^/]+)/`, pathNot: '\\.test\\.tsx?$' },
      to: { path: WEB, pathNot: [`${WEB}features/$1/`, `${WEB}(app|ui|lib)/`] },
    },
    {
      name: 'web-feature-test-imports-app-ui-lib-test-self',
      severity: 'error',
      comment: "A feature's tests import what the feature may, plus the shared test helpers in test/.",
      from: { path: `${WEB}features/([^/]+)/.*\\.test\\.tsx?$` },
      to: { path: WEB, pathNot: [`${WEB}features/$1/`, `${WEB}(app|ui|lib|test)/`] },
    },
    {
      name: 'web-public-entry-stays-small',
      severity: 'error',
      comment: 'The public booking entry never pulls in dashboard code (features/, dashboard/): bundle budget.',
      from: { path: `${WEB}public/` },
      to: { path: `${WEB}(features|dashboard)/` },
    },
    {
      name: 'web-shared-code-not-features',
      severity: 'error',
      comment: 'ui/ and lib/ sit below the features and never import them.',
      from: { path: `${WEB}(ui|lib)/` },
      to: { path: `${WEB}features/` },
    },
  ],
  options: {
    // Imports into node_modules and the generated Prisma client are recorded (rules look at them) but not followed.
    doNotFollow: { path: ['node_modules', '/generated/'] },
    exclude: { path: ['(^|/)dist/'] },
    // Keep TypeScript's type-only imports in the graph (see no-circular).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
