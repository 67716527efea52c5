#!/usr/bin/env node
// Fails (exit 1) naming every Nx project under apps/, libs/ or test/ whose `tags` array is
// missing or empty, or none of whose tags is a `sourceTag` of eslint.config.mjs's DEP_CONSTRAINTS
// (@nx/enforce-module-boundaries would not constrain it), and every folder directly under apps/
// or libs/ that holds no project.json. Run in CI beside lint: the lint rule cannot reject an
// untagged project that imports nothing (see eslint.config.mjs).
//
// Usage: node scripts/check-tags.cjs
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const ROOT = path.resolve(__dirname, '..');
const SEARCH_DIRS = ['apps', 'libs', 'test'];
// Every folder directly under these must be an Nx project.
const PROJECT_PARENTS = ['apps', 'libs'];
const SKIP_DIRS = new Set(['node_modules', 'dist', 'tmp', 'coverage', '.data', '.nx', '.git']);

function findProjectFiles(dir, found = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (err.code === 'ENOENT') return found;
    throw err;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) findProjectFiles(full, found);
    } else if (entry.isFile() && entry.name === 'project.json') {
      found.push(full);
    }
  }
  return found;
}

async function main() {
  const config = await import(pathToFileURL(path.join(ROOT, 'eslint.config.mjs')).href);
  const sourceTags = new Set(
    (config.DEP_CONSTRAINTS || []).flatMap((c) => (c.sourceTag ? [c.sourceTag] : c.allSourceTags || [])),
  );
  if (sourceTags.size === 0) {
    console.error('check-tags: eslint.config.mjs exports no DEP_CONSTRAINTS');
    process.exit(1);
  }

  const problems = [];
  const files = SEARCH_DIRS.flatMap((dir) => findProjectFiles(path.join(ROOT, dir))).sort();

  // A folder directly under apps/ or libs/ with no project.json anywhere inside is not an Nx
  // project at all: it has no tags and the boundary rule skips its files.
  for (const dir of PROJECT_PARENTS) {
    let entries = [];
    try {
      entries = fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true });
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || SKIP_DIRS.has(entry.name) || entry.name.startsWith('.')) continue;
      const folder = path.join(ROOT, dir, entry.name);
      if (!files.some((file) => file.startsWith(folder + path.sep))) {
        problems.push(`${dir}/${entry.name}: no project.json, so it is not an Nx project and has no tags`);
      }
    }
  }

  for (const file of files) {
    const rel = path.relative(ROOT, file);
    let project;
    try {
      project = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push(`${rel}: cannot be read as JSON (${err.message})`);
      continue;
    }
    const name = project.name || path.basename(path.dirname(file));
    const tags = project.tags;
    if (!Array.isArray(tags)) {
      problems.push(`${name} (${rel}): "tags" is missing or not an array`);
    } else if (tags.length === 0) {
      problems.push(`${name} (${rel}): "tags" is empty`);
    } else if (tags.some((tag) => typeof tag !== 'string' || tag.trim() === '')) {
      problems.push(`${name} (${rel}): "tags" holds an empty or non-string tag`);
    } else if (!tags.some((tag) => sourceTags.has(tag))) {
      problems.push(
        `${name} (${rel}): none of ${JSON.stringify(tags)} is a sourceTag in eslint.config.mjs ` +
          `(known: ${[...sourceTags].join(', ')})`,
      );
    }
  }

  if (files.length === 0) problems.push('no project.json found under apps/, libs/ or test/');
  if (problems.length > 0) {
    console.error(`check-tags: ${problems.length} problem(s) with Nx project tags:`);
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  console.log(`check-tags: ${files.length} project(s), all tagged.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
