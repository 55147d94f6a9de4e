/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      // Rules as plain code, tested beside them (src/**/*.test.ts): no database, no server, a few seconds.
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/src'],
      setupFiles: ['reflect-metadata'],
    },
    {
      // End to end: the real HTTP and WS server on a real PostgreSQL.
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      // The fault suite kills and restarts things: its own run, one file at a time (jest.faults.config.js).
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFiles: ['reflect-metadata'],
    },
  ],
  // A global option (Jest ignores it inside a project): the end-to-end tests need it; unit tests take milliseconds.
  testTimeout: 60000,
  // Two cores here: two workers, each end-to-end test file on its own database cloned from a migrated, seeded template.
  maxWorkers: 2,
  // Each file loads the whole hub in a fresh module registry, and not all of it is freed: in one process the heap grows
  // by about 40 MB a file (1.2 GB after 30 files). At 1 worker Jest runs every file in its main process (in band): a
  // file's setup and teardown took about 2 s early in a full run and 5 to 17 s late in it. With a limit, Jest runs
  // files in a worker even at 1 worker and replaces a worker whose heap passed it after a file (30 files at 1 worker:
  // 126 s instead of 150 s, the heap under 600 MB).
  workerIdleMemoryLimit: '512MB',
};
