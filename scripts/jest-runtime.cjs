// Jest's runtime (jest-runtime, unchanged) with V8's code cache kept for the worker's life.
//
// Jest gives every test file a module registry of its own, so each file loads again every module it
// imports, ours and node_modules' (Nest, TypeORM, pg, ioredis, class-validator...): Jest's
// transform cache saves the transpiling, not V8's parsing and compiling of the same source, which
// was the largest single cost of a file that imports the usual harness (a CPU profile of a worker:
// about a third of its time in vm.compileFunction). Jest compiles each module with
// vm.compileFunction; here the first compile of a source in a worker asks V8 for its code cache,
// and every later compile of the same file with the same source (another test file of the worker)
// passes it back, so V8 deserialises the code rather than parsing it again. What runs is the same
// code in the same fresh sandbox: a cache V8 rejects (a different source or V8 flags) is compiled
// as before and replaced.
const vm = require('node:vm');

const compileFunction = vm.compileFunction;
/** By file name: the source and parameters last compiled, and V8's code cache for them. */
const cache = new Map();
/** A dynamic import() in a module's source (or a word ending in "import" before a parenthesis: compiled as before too). */
const DYNAMIC_IMPORT = /\bimport\s*\(/;

vm.compileFunction = function compileWithCodeCache(code, params, options) {
  // a module with a dynamic import() is compiled as before: a function compiled from a cache has
  // no import() callback of its own in Node 20 (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING, seen with
  // PGlite's second start in a worker)
  if (!options || !options.filename || options.cachedData || options.produceCachedData || DYNAMIC_IMPORT.test(code))
    return compileFunction.call(this, code, params, options);
  const signature = (params ?? []).join(',');
  const kept = cache.get(options.filename);
  // the very source, compared whole: V8 itself checks a cache only against the source's length
  if (kept && kept.code === code && kept.signature === signature) {
    const fn = compileFunction.call(this, code, params, { ...options, cachedData: kept.data });
    if (!fn.cachedDataRejected) return fn;
  }
  const fn = compileFunction.call(this, code, params, { ...options, produceCachedData: true });
  if (fn.cachedData) cache.set(options.filename, { code, signature, data: fn.cachedData });
  return fn;
};

module.exports = require('jest-runtime');
