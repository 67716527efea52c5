// `npm test`: every project's suite in one Jest run (real PostgreSQL and Redis), then one line
// with the totals (scripts/summary-reporter.cjs).
const { availableParallelism } = require('node:os');

module.exports = {
  // Jest's default is one worker fewer than the cores, so one on a 2-core machine: the suites ran
  // one after another while much of their time is spent waiting on servers, browsers, databases
  // and timeouts. Four workers keep both cores busy through those waits: the run's test processes
  // use about 900 s of CPU, a floor near 450 s on two cores, yet three workers took 844 to 916 s
  // and four 684 and 787 s, on this 2-core machine (docs/architecture.md, "Test budgets"). Each worker
  // has its own databases and queue prefix (libs/platform/src/testing).
  maxWorkers: Math.max(4, availableParallelism()),
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
