// `npm test`: every project's suite in one Jest run (real PostgreSQL and Redis), then one line
// with the totals (scripts/summary-reporter.cjs).
const { availableParallelism } = require('node:os');

module.exports = {
  // Jest's default is one worker fewer than the cores, so one on a 2-core machine: the suites ran
  // one after another while much of their time is spent waiting on servers, browsers, databases
  // and timeouts. Six workers keep both cores busy through those waits: with four, a quiet run in a
  // fresh clone took 755 s, its test processes using 62% of the two cores (937 s of CPU) besides
  // PostgreSQL; with six, straight after in the same clone, 648 s with the machine busy 93% of it
  // (7 December 2026; docs/architecture.md, "Test budgets"). Each worker has its own databases and
  // queue prefix (libs/platform/src/testing).
  maxWorkers: Math.max(6, availableParallelism()),
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
