/**
 * The import rules of src/ (`npm run check:imports`, part of `npm test`): no cycles, a pure
 * engine, a kernel that never imports the features that extend it, adapters (db/, line/) that
 * never import the app shell, and src/shared/ as the floor every layer may stand on.
 *
 * A feature folder (src/features/<name>/) holds every layer of one feature, so the layers are
 * told apart by name inside it: `engine.ts` or `engine/` (the conversation) and `report/` (pure
 * figures) are pure, `schema.ts` and `*store.ts` are database adapters and `line/` the feature's
 * LINE rendering, the rest (requests, jobs, import/, console/) is app shell.
 */
const FEATURE_PURE = '^src/features/[^/]+/(engine(\\.ts$|/)|report/)';
const FEATURE_ADAPTER = '^src/features/[^/]+/(([\\w-]*store|schema)\\.ts$|line/)';
const FEATURE_SHELL = '^src/features/[^/]+/(?!engine(\\.ts$|/)|report/|([\\w-]*store|schema)\\.ts$|line/)';
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes modules impossible to read, test or load one at a time.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'kernel-knows-no-feature',
      severity: 'error',
      comment: 'Features extend the kernel through engine/kernel/feature.ts; the kernel imports only its own modules and the engine vocabulary.',
      from: { path: '^src/engine/kernel/' },
      to: { path: ['^src/engine/', '^src/features/'], pathNot: '^src/engine/(kernel/|types\\.ts$|flow-schema\\.ts$|intents\\.ts$|opening-hours\\.ts$|validate-input\\.ts$)' },
    },
    {
      name: 'engine-is-pure',
      severity: 'error',
      comment: 'The engine has no I/O: no database, LINE, runtime, app shell or Node built-ins.',
      from: { path: ['^src/engine/', FEATURE_PURE] },
      to: { path: ['^src/(app|db|line|runtime|console|dev|cli)/', '^node:', FEATURE_ADAPTER, FEATURE_SHELL] },
    },
    {
      name: 'adapters-below-the-app',
      severity: 'error',
      comment:
        'db/ and line/ are adapters the app shell (app/) drives; they import shared/, content/ and the engine vocabulary, never app/, so they can be read and tested without it.',
      from: { path: ['^src/(db|line)/', FEATURE_ADAPTER] },
      to: { path: ['^src/(app|console)/', FEATURE_SHELL] },
    },
    {
      name: 'shared-is-the-floor',
      severity: 'error',
      comment:
        'src/shared/ (Japan time, the sealer, invite codes) is imported by every layer, the engine included, so it imports only itself: no other src/ folder and no Node built-ins.',
      from: { path: '^src/shared/' },
      to: { path: ['^src/', '^node:'], pathNot: '^src/shared/' },
    },
    {
      name: 'features-share-only-tables',
      severity: 'error',
      comment:
        'A feature reads another feature only through its tables (schema.ts): the consultation feature owns the professionals, the KPI report counts cases and events. Anything more belongs in the shared engine vocabulary or the app shell.',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/', pathNot: ['^src/features/$1/', '^src/features/[^/]+/schema\\.ts$'] },
    },
    {
      name: 'no-dev-tooling-in-production',
      severity: 'error',
      comment: 'The simulator and demo data are loaded only in development, never by the Worker.',
      from: { path: '^src/runtime/worker\\.ts$' },
      to: { path: '^(src/dev|fakes)/', reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/generated/' },
  },
};
