// `npm test`: every project's suite in one Jest run (real PostgreSQL and Redis), then one line
// with the totals (scripts/summary-reporter.cjs).
const { availableParallelism } = require('node:os');

module.exports = {
  // Jest's default is one worker fewer than the cores, so one on a 2-core machine: the suites ran
  // one after another while much of their time is spent waiting on servers, browsers, databases
  // and timeouts. Three workers keep both cores busy through those waits (486 s against 619 s
  // with two, on this 2-core machine). Each worker has its own databases and queue prefix
  // (libs/platform/src/testing).
  maxWorkers: Math.max(3, availableParallelism() - 1),
  projects: [
    '<rootDir>/libs/*/jest.config.cts',
    '<rootDir>/libs/*/*/jest.config.cts',
    '<rootDir>/test/*/jest.config.cts',
  ],
  // the longest suites first, by test/suite-times.txt where Jest has no times of its own (a fresh clone)
  testSequencer: '<rootDir>/scripts/test-sequencer.cjs',
  reporters: ['default', '<rootDir>/scripts/summary-reporter.cjs'],
  testTimeout: 90000, // a global option: start-up tests run whole processes
  globalTeardown: '<rootDir>/libs/platform/src/testing/global-teardown.ts',
};
