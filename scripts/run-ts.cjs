#!/usr/bin/env node
// Runs a TypeScript entry point from source (no build step): SWC transpiles on load, with the
// workspace's path aliases and decorator metadata from tsconfig.base.json.
const path = require('node:path');
const root = path.resolve(__dirname, '..');
process.env.SWC_NODE_PROJECT ??= path.join(root, 'tsconfig.base.json');
require('@swc-node/register');
const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node scripts/run-ts.cjs <file.ts> [args]\n');
  process.exit(2);
}
process.argv.splice(1, 2, path.resolve(root, entry));
// an app that serves from several processes (runServer) forks itself: its copies load SWC too
require('node:cluster').setupPrimary({
  execArgv: [...process.execArgv, '--require', require.resolve('@swc-node/register')],
});
require(path.resolve(root, entry));
