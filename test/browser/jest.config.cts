// Browser tests: the all-in-one server from source, driven by Debian's Chromium through
// playwright-core (see src/harness.ts). Selected alone with `--selectProjects browser`. The
// environment keeps one app server per Jest worker for all its files (src/worker-environment.cjs).
module.exports = {
  displayName: 'browser',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testEnvironment: '<rootDir>/src/worker-environment.cjs',
  testTimeout: 90000,
};
