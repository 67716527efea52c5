// `npm test`: every project's suite in one Jest run (real PostgreSQL and Redis), then one line
// with the totals (scripts/summary-reporter.cjs).
module.exports = {
  projects: ['<rootDir>/libs/*/jest.config.cts', '<rootDir>/libs/*/*/jest.config.cts', '<rootDir>/test/*/jest.config.cts'],
  reporters: ['default', '<rootDir>/scripts/summary-reporter.cjs'],
  testTimeout: 90000, // a global option: start-up tests run whole processes
  globalTeardown: '<rootDir>/libs/platform/src/testing/global-teardown.ts',
};
