/**
 * `npm run test:faults`: the fault suite (test/faults, issue 17). Each file breaks something on purpose (the
 * database's connections, an instance killed or stopped, the pool exhausted), so the files run one at a time, on
 * the same embedded or external PostgreSQL as the end-to-end tests (test/support/global-setup.ts).
 * @type {import('jest').Config}
 */
module.exports = {
  displayName: 'faults',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  testTimeout: 180000,
  maxWorkers: 1,
};
