// Browser tests: the all-in-one server from source, driven by Debian's Chromium through
// playwright-core (see src/harness.ts). Selected alone with `--selectProjects browser`.
module.exports = { displayName: 'browser', preset: '../../jest.preset.js', rootDir: '.', testTimeout: 90000 };
