/**
 * The import rules of src/ (`npm run check:imports`, part of `npm test`): no cycles, a pure
 * engine, a kernel that never imports the features that extend it, adapters (db/, line/) that
 * never import the app shell, and src/shared/ as the floor every layer may stand on.
 */
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
      to: { path: '^src/engine/', pathNot: '^src/engine/(kernel/|types\\.ts$|flow-schema\\.ts$|intents\\.ts$|opening-hours\\.ts$|validate-input\\.ts$)' },
    },
    {
      name: 'engine-is-pure',
      severity: 'error',
      comment: 'The engine has no I/O: no database, LINE, runtime, app shell or Node built-ins.',
      from: { path: '^src/engine/' },
      to: { path: ['^src/(app|db|line|runtime|console|dev|cli)/', '^node:'] },
    },
    {
      name: 'feature-engine-is-pure',
      severity: 'error',
      comment: "A feature's engine/ folder (src/features/*/engine/) is engine code: no database, LINE, runtime, app shell or Node built-ins, and nothing else of its own feature's I/O side.",
      from: { path: '^src/features/[^/]+/engine/' },
      to: { path: ['^src/(app|db|line|runtime|console|dev|cli)/', '^src/features/[^/]+/(?!engine/)', '^node:'] },
    },
    {
      name: 'adapters-below-the-app',
      severity: 'error',
      comment:
        'db/ and line/ are adapters the app shell (app/) drives; they import shared/, content/ and the engine vocabulary, never app/, so they can be read and tested without it.',
      from: { path: '^src/(db|line)/' },
      to: { path: '^src/app/' },
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
