// The rules of the house: which folder may import which. `npm run lint` runs this (dependency-cruiser), so CI
// fails on an import against the grain. The rules are generated from the two tables below, which read as the
// import table of docs/ARCHITECTURE.md ("The map"); paths are repo-relative.

/** The parts of the house, by path. A part may always import its own files. */
const PARTS = {
  domain: '^domain/',
  db: '^db/',
  stores: '^db/(index[.]ts|stores/)', // what sits above db/ may use of it: its index and its stores
  notifications: '^notifications/',
  activities: '^activities/',
  workflows: '^workflows/',
  definitions: '^workflows/(pool-)?definitions[.]ts$', // signals, queries, updates, ids: shared with the callers
  engine: '^engine/',
  api: '^api/',
  workers: '^workers/',
  plumbing: '^(config|log)[.]ts$|^codec/', // the environment schema, the redacting logger, the payload codec
  telemetry: '^telemetry/', // the Prometheus metrics
};

/**
 * Who may import what of ours (besides its own files); `types:x` is x as types only. A folder with no row
 * (workers/ on top; scripts/, bench/, tests/; the plumbing) may import anything, except api/ and workers/ (the
 * last rules below).
 */
const MAY_IMPORT = {
  domain: '', // the ground floor: pure rules and vocabularies, no I/O, safe inside workflows
  db: 'domain plumbing',
  notifications: 'db domain plumbing telemetry',
  activities: 'notifications db domain plumbing telemetry types:definitions',
  workflows: 'domain types:activities', // deterministic: the world only through activity types
  engine: 'workflows domain plumbing telemetry', // workflows are started by function reference
  api: 'engine stores domain notifications definitions plumbing telemetry types:workflows',
};

/** Packages a part may not import: no I/O on the ground floor, SQL only in db/, the Temporal client only in engine/. */
const MAY_NOT_USE = {
  domain: {
    packages: 'knex pg twilio nodemailer express @temporalio/client @temporalio/worker @temporalio/activity',
    types: 'allowed',
  },
  workflows: { packages: '@temporalio/client @temporalio/worker @temporalio/activity' },
  api: { packages: 'knex pg' },
};

/** Every path of ours: what the table rules judge (packages are the other table's business). */
const OURS = `${Object.values(PARTS).join('|')}|^(scripts|bench|tests)/`;

const words = (s) => s.split(' ').filter(Boolean);
const anyOf = (names) => names.map((n) => PARTS[n]).join('|');

function tableRules(part, row) {
  const full = words(row).filter((w) => !w.startsWith('types:'));
  const typesOnly = words(row)
    .filter((w) => w.startsWith('types:'))
    .map((w) => w.slice('types:'.length));
  const rules = [
    {
      name: `${part}-import-table`,
      comment: `${part}/ may import ${row || 'nothing of ours'} (docs/ARCHITECTURE.md, "The map").`,
      severity: 'error',
      from: { path: PARTS[part] },
      to: { path: OURS, pathNot: anyOf([part, ...full, ...typesOnly]) },
    },
  ];
  for (const t of typesOnly)
    rules.push({
      name: `${part}-imports-${t}-as-types-only`,
      comment: `${part}/ may import ${t} as types only.`,
      severity: 'error',
      from: { path: PARTS[part] },
      to: {
        path: PARTS[t],
        ...(full.length ? { pathNot: anyOf(full) } : {}),
        dependencyTypesNot: ['type-only'],
      },
    });
  return rules;
}

function packageRule(part, { packages, types }) {
  return {
    name: `${part}-packages`,
    comment: `${part}/ may not import ${packages}${types === 'allowed' ? ' (types excepted)' : ''}.`,
    severity: 'error',
    from: { path: PARTS[part] },
    to: {
      path: `(^|/)node_modules/(${words(packages).join('|')})/`,
      ...(types === 'allowed' ? { dependencyTypesNot: ['type-only'] } : {}),
    },
  };
}

module.exports = {
  forbidden: [
    ...Object.entries(MAY_IMPORT).flatMap(([part, row]) => tableRules(part, row)),
    ...Object.entries(MAY_NOT_USE).map(([part, rule]) => packageRule(part, rule)),
    {
      name: 'domain-no-node-io',
      severity: 'error',
      from: { path: PARTS.domain },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|dns|tls)$' },
    },
    {
      name: 'temporal-client-only-in-engine',
      comment:
        'Every Temporal client call goes through engine/; only the entry points that build the connection (and the commands, bench and tests) import the client.',
      severity: 'error',
      from: { pathNot: '^(engine|scripts|bench|tests)/|^api/main[.]ts$|^workers/worker[.]ts$' },
      to: { path: '(^|/)node_modules/@temporalio/client/' },
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
