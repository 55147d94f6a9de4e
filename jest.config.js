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
};
