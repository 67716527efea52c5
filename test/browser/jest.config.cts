// Browser tests: the all-in-one server from source, driven by Debian's Chromium through
// playwright-core (see src/harness.ts). Selected alone with `--selectProjects browser`. The
// environment keeps one app server per Jest worker for all its files (src/worker-environment.cjs).
module.exports = {
  displayName: 'browser',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testEnvironment: '<rootDir>/src/worker-environment.cjs',
  // a limit, not a measure: a worker's first file seeds every module's demo and starts a server,
  // which on two busy cores has taken past 90 s
  testTimeout: 180000,
};
