// Ends every run with: the suites by time (slowest first), each module's share of the run against
// its budget (test/budgets.json, docs/architecture.md "Test budgets"), a warning line per module
// or whole run past its budget, and as the very last line the totals: "N passed, N failed".
// The whole table is written to tmp/test-times.txt, the totals line to tmp/test-totals.txt.
const { mkdirSync, readFileSync, writeFileSync, writeSync } = require('node:fs');
const { join, relative, sep } = require('node:path');
const { performance } = require('node:perf_hooks');

const root = join(__dirname, '..');
const SHOWN = 15; // suites listed on the console; the file has all of them

/** A path glob to a RegExp: `**` any folders, `*` any characters but `/`. */
function globToRegExp(glob) {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') out += '[^/]*';
    else out += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The budgets and a function naming the module of a suite's path (first match in file order). */
function loadBudgets(file = join(root, 'test', 'budgets.json')) {
  const { testBudgets } = JSON.parse(readFileSync(file, 'utf8'));
  const modules = Object.entries(testBudgets.modules).map(([name, m]) => ({
    name,
    seconds: m.seconds,
    patterns: m.paths.map(globToRegExp),
  }));
  const moduleOf = (path) => modules.find((m) => m.patterns.some((p) => p.test(path)))?.name ?? 'core';
  const problems = [];
  const sum = modules.reduce((t, m) => t + m.seconds, 0);
  if (sum > testBudgets.wholeSeconds)
    problems.push(`the modules' budgets add up to ${sum} s, more than the whole run's ${testBudgets.wholeSeconds} s`);
  if (testBudgets.wholeSeconds > testBudgets.ceilingSeconds)
    problems.push(
      `the whole run's budget of ${testBudgets.wholeSeconds} s is past the ceiling of ${testBudgets.ceilingSeconds} s`,
    );
  return { whole: testBudgets.wholeSeconds, modules, moduleOf, problems };
}

const seconds = (ms) => (ms / 1000).toFixed(1).padStart(7);

/**
 * How long before the last suite ended each worker ended its own last one, from the suites' start
 * and end times (Jest does not say which worker ran a suite, but a worker runs one at a time): the
 * k-th value is how long before the end fewer than k suites were running for good. The first is 0;
 * a large gap between the values means workers sat idle while one ran on alone, so the order was
 * wrong (test/suite-times.txt, scripts/test-sequencer.cjs).
 */
function workerTails(intervals) {
  const events = [];
  for (const { start, end } of intervals) if (start != null && end >= start) events.push([start, 1], [end, -1]);
  if (!events.length) return [];
  // at equal times the ends first: a worker ending a suite and starting its next is not two busy workers
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const last = events[events.length - 1][0];
  const droppedBelow = []; // droppedBelow[k - 1]: the last time the running count fell from k to k - 1
  let running = 0;
  for (const [t, d] of events) {
    if (d < 0) droppedBelow[running - 1] = t;
    running += d;
  }
  return droppedBelow.map((t) => last - t);
}

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const wallMs = process.uptime() * 1000; // Jest's process: discovery and global set-up included
    const budgets = loadBudgets();
    const suites = results.testResults
      .map((r) => {
        const path = relative(root, r.testFilePath).split(sep).join('/');
        const ms = r.perfStats && r.perfStats.end ? r.perfStats.end - r.perfStats.start : 0;
        return {
          path,
          ms,
          start: r.perfStats && r.perfStats.start,
          end: r.perfStats && r.perfStats.end,
          tests: r.numPassingTests + r.numFailingTests + r.numPendingTests,
          module: budgets.moduleOf(path),
        };
      })
      .sort((a, b) => b.ms - a.ms);

    const row = (s) => `${seconds(s.ms)} s  ${String(s.tests).padStart(4)}  ${s.module.padEnd(5)} ${s.path}`;
    const header = '   time   tests  module suite (slowest first)';
    const table = [header, ...suites.map(row)];
    const dir = join(root, 'tmp');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'test-times.txt'), `${table.join('\n')}\n`);

    const out = ['', header, ...suites.slice(0, SHOWN).map(row)];
    if (suites.length > SHOWN) {
      const rest = suites.slice(SHOWN);
      const restMs = rest.reduce((t, s) => t + s.ms, 0);
      out.push(`${seconds(restMs)} s        ${rest.length} more suites (tmp/test-times.txt lists every suite)`);
    }

    // Suites run side by side: each module's share of the wall time is in proportion to its
    // suites' summed time, so the shares add up to the run's wall time.
    const summedMs = suites.reduce((t, s) => t + s.ms, 0) || 1;
    const warnings = [];
    const setup = performance.getEntriesByType('mark').filter((e) => e.name.startsWith('jest/globalSetup:'));
    const setupNote =
      setup.length === 2 ? `, global set-up ${((setup[1].startTime - setup[0].startTime) / 1000).toFixed(0)} s` : '';
    out.push(
      '',
      `wall ${(wallMs / 1000).toFixed(0)} s for ${suites.length} suites (${(summedMs / 1000).toFixed(0)} s of suite time${setupNote}); budgets in test/budgets.json:`,
    );
    for (const m of budgets.modules) {
      const moduleMs = suites.filter((s) => s.module === m.name).reduce((t, s) => t + s.ms, 0);
      if (moduleMs === 0) continue;
      const share = (wallMs * moduleMs) / summedMs / 1000;
      out.push(`  ${m.name.padEnd(6)} ${share.toFixed(0).padStart(4)} s of ${m.seconds} s`);
      if (share > m.seconds)
        warnings.push(
          `WARNING: module ${m.name}'s suites took ${share.toFixed(0)} s of the run, past their budget of ${m.seconds} s (test/budgets.json)`,
        );
    }
    if (wallMs / 1000 > budgets.whole)
      warnings.push(
        `WARNING: the run took ${(wallMs / 1000).toFixed(0)} s, past the whole budget of ${budgets.whole} s (test/budgets.json)`,
      );
    for (const p of budgets.problems) warnings.push(`WARNING: test/budgets.json: ${p}`);
    const tails = workerTails(suites);
    if (tails.length > 1)
      out.push(
        `workers: their last suites ended ${tails.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s before the end ` +
          `(the last: ${suites.reduce((a, b) => (b.end > a.end ? b : a)).path}); ` +
          `workers idle long before the end mean the longest suites started late`,
      );
    out.push(...warnings);

    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `${results.numPassedTests} passed, ${failed} failed`;
    writeFileSync(join(dir, 'test-totals.txt'), `${line}\n`);
    // Printed as the process exits, after Jest's own summary and the global teardown, so that the
    // totals are the last line of the output.
    const text = `${out.join('\n')}\n\n${line}\n`;
    process.once('exit', () => writeSync(1, text));
  }
}
module.exports = SummaryReporter;
module.exports.loadBudgets = loadBudgets;
module.exports.workerTails = workerTails;
