// The rules of the house: which folder may import which (docs/ARCHITECTURE.md, "The map"). `npm run lint`
// runs this (dependency-cruiser), so CI fails on an import against the grain. Paths are repo-relative.
//
//   domain/         imports nothing of ours (pure, deterministic: safe inside workflows)
//   db/             -> domain
//   notifications/  -> db, domain
//   activities/     -> notifications, db, domain (and the workflow definitions' types)
//   workflows/      -> domain, its own files, activity *types* only; never @temporalio/client
//   engine/         -> workflows' definitions and workflow functions (started by reference), domain
//   api/            -> engine, db (its index and stores), domain, notifications' catalogue, workflow definitions
//   workers/        -> anything below them; nothing imports api/ or workers/
// config.ts, log.ts, codec/ and telemetry/ (the Prometheus metrics) are the shared plumbing every process may use
// (not domain/ or workflows/).

const OURS =
  '^(domain|db|notifications|activities|workflows|engine|api|workers|codec|telemetry|scripts|bench|tests)/|^(config|log)[.]ts$';

module.exports = {
  forbidden: [
    {
      name: 'domain-imports-nothing-of-ours',
      comment: 'domain/ is the ground floor: pure rules and vocabularies, no I/O, importable from workflows.',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: OURS, pathNot: '^domain/' },
    },
    {
      name: 'domain-does-no-io',
      comment: 'domain/ does no I/O: no database, provider, Temporal client or Node I/O modules.',
      severity: 'error',
      from: { path: '^domain/' },
      to: {
        path: '(^|/)node_modules/(knex|pg|twilio|nodemailer|express|@temporalio/(client|worker|activity))/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'domain-no-node-io',
      severity: 'error',
      from: { path: '^domain/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|dns|tls)$' },
    },
    {
      name: 'db-only-on-domain',
      comment: 'db/ stands on domain/ only.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: OURS, pathNot: '^(db|domain)/|^(config|log)[.]ts$|^codec/' },
    },
    {
      name: 'notifications-on-db-and-domain',
      severity: 'error',
      from: { path: '^notifications/' },
      to: { path: OURS, pathNot: '^(notifications|db|domain|codec|telemetry)/|^(config|log)[.]ts$' },
    },
    {
      name: 'activities-below-workflows',
      comment: 'activities/ -> notifications, db, domain; of workflows/ only the definitions, as types.',
      severity: 'error',
      from: { path: '^activities/' },
      to: {
        path: OURS,
        pathNot:
          '^(activities|notifications|db|domain|codec|telemetry)/|^(config|log)[.]ts$|^workflows/(pool-)?definitions[.]ts$',
      },
    },
    {
      name: 'activities-definitions-types-only',
      severity: 'error',
      from: { path: '^activities/' },
      to: { path: '^workflows/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-deterministic',
      comment: 'workflows/ import domain/ and their own definitions; the world only through activity types.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: OURS, pathNot: '^(workflows|domain|activities)/' },
    },
    {
      name: 'workflows-activity-types-only',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^activities/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-no-temporal-client',
      comment: 'The Temporal client lives in engine/: workflow code runs inside the sandbox.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '(^|/)node_modules/@temporalio/(client|worker|activity)/' },
    },
    {
      name: 'engine-on-definitions',
      comment: 'engine/ knows the workflow definitions and functions, nothing above them.',
      severity: 'error',
      from: { path: '^engine/' },
      to: { path: OURS, pathNot: '^(engine|domain|workflows|codec|telemetry)/|^(config|log)[.]ts$' },
    },
    {
      name: 'api-not-activities',
      comment: 'The API reaches side effects through the engine (workflows) or db stores, never activities.',
      severity: 'error',
      from: { path: '^api/' },
      to: { path: '^activities/' },
    },
    {
      name: 'api-not-db-internals',
      comment: 'The API uses db/ through its index and its stores, not knex, secrets, migrations or seed.',
      severity: 'error',
      from: { path: '^api/' },
      to: { path: '^db/', pathNot: '^db/(index[.]ts|stores/)' },
    },
    {
      name: 'api-workflows-through-engine',
      comment: 'The API talks to workflows through engine/; of workflows/ it reads the definitions only.',
      severity: 'error',
      from: { path: '^api/' },
      to: { path: '^workflows/', pathNot: '^workflows/(pool-)?definitions[.]ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-imports-api',
      comment: 'api/ is a top: only its own files, tests, scripts and the bench may import it.',
      severity: 'error',
      from: { pathNot: '^(api|tests|scripts|bench)/' },
      to: { path: '^api/' },
    },
    {
      name: 'nothing-imports-workers',
      severity: 'error',
      from: { pathNot: '^(workers|tests|scripts|bench)/' },
      to: { path: '^workers/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.data|\\.tools|dist|test-output|bench/results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    moduleSystems: ['cjs', 'es6'],
  },
};
