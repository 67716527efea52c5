#!/usr/bin/env node
// `npm test`: all suites against real PostgreSQL (TEST_DATABASE_URL, loopback only; default
// postgres://postgres@127.0.0.1:5432/postgres) and Redis (TEST_REDIS_URL, default
// redis://127.0.0.1:6379). PGlite needs --experimental-vm-modules under Jest.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim(),
};
const jest = join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const args = [jest, '-c', join(__dirname, '..', 'jest.config.cts'), '--ci', ...process.argv.slice(2)];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', env });
process.exit(result.status ?? 1);
