#!/usr/bin/env node
// `npm start`: the embedded default, run from source (never built through Nx at start).
process.argv.splice(2, 0, 'apps/server/src/main.ts');
require('./run-ts.cjs');
