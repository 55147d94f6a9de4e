// The dependency rules of docs/architecture.md, checked in CI (`npm run lint:deps`, .ci/run).
// Known violations that remain are listed in .dependency-cruiser-known-violations.json: CI fails on any new one.
// Regenerate that list only when a violation goes away: `npm run lint:deps:baseline`.

/** The capabilities: each a folder of src/ whose public surface is its index.ts. */
const CAPABILITIES = '(access|metiers|territories|network|sessions|offers|participants|referrals|commitments|events|programmes|webhooks|passeport|debriefs|evaluations|follow-ups|indicators)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'capability-through-index',
      comment:
        'A capability imports another only through its index.ts (its public surface): add what you need there, ' +
        'instead of reaching into the other folder. Unit tests beside the rules may set up with another ' +
        "capability's plain rules directly.",
      severity: 'error',
      from: { path: `^src/${CAPABILITIES}/`, pathNot: '\\.test\\.ts$' },
      to: {
        path: `^src/${CAPABILITIES}/`,
        pathNot: ['^src/$1/', `^src/${CAPABILITIES}/index\\.ts$`],
      },
    },
    {
      name: 'rules-are-plain',
      comment:
        'Rules (src/*/rules/) are plain code, unit-tested without a server or a database: no GraphQL, no ORM, ' +
        'no HTTP, no use cases, queries or GraphQL adapters, nothing of src/server or src/db.',
      severity: 'error',
      from: { path: '^src/[^/]+/rules/' },
      to: {
        path: [
          'node_modules/(graphql[^/]*|type-graphql|@mikro-orm/[^/]+|express|ws|pg|@apollo/[^/]+)/',
          '^(node:)?https?$',
          '^src/[^/]+/(use-cases|queries|graphql)/',
          '^src/(server|db|graphql)/',
        ],
      },
    },
    {
      name: 'platform-not-to-server',
      comment:
        'Only the server (and the CLI, which starts the same pieces) may import src/server: the GraphQL platform, ' +
        'the database layer and the capabilities work the same under the server, the CLI and the tests.',
      severity: 'error',
      from: { path: `^src/(graphql|db|common|${CAPABILITIES.slice(1, -1)})/` },
      to: { path: '^src/server/' },
    },
    {
      name: 'server-not-to-demo-seeds',
      comment: 'The server reaches the demo network through src/cli/demo-network.ts, not the seed files.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^seeds/demo/' },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles at run time: a cycle between capabilities means a link that belongs on the dependent side. ' +
        'A cycle made only of type imports (`import type`) is erased by the compiler and loads nothing: it is allowed.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-orphans',
      comment: 'A module nobody imports and that imports nothing is dead code (tests and declarations aside).',
      severity: 'error',
      from: { orphan: true, pathNot: ['\\.test\\.ts$', '\\.d\\.ts$', '(^|/)tsconfig[^/]*\\.json$'] },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a capability's types are part of what it exposes.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
