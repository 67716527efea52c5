// The order `npm test` starts its suites in: the longest first, so that no long suite starts last
// and runs on alone while the other workers sit idle (the run's wall time is its longest worker's).
//
// Jest orders by each suite's time in its own cache of the last run on this machine, and with no
// cache (a fresh clone, CI, another checkout) by file size: there a 100-line spec that starts
// server processes for minutes ran last, alone. So a suite's time comes from Jest's cache when it
// has one, else from test/suite-times.txt (a run's table as scripts/summary-reporter.cjs writes it
// to tmp/test-times.txt, committed: copy it over after a whole run when the order has drifted).
// A suite in neither (a new one) is estimated from its file's size, at the median seconds per byte
// of the known suites of its Jest project (a browser spec's line costs far more than a unit
// spec's). A suite that failed last time still goes first, as with Jest's own sequencer.
const { readFileSync } = require('node:fs');
const { join, relative, sep } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const root = join(__dirname, '..');

/** Seconds by suite path (from the repository root) in a table of scripts/summary-reporter.cjs. */
function readSuiteTimes(file = join(root, 'test', 'suite-times.txt')) {
  const times = new Map();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return times; // no list: Jest's cache and file sizes alone
  }
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+(?:\.\d+)?) s\s+\d+\s+\S+\s+(\S+)\s*$/.exec(line);
    if (m) times.set(m[2], Number(m[1]));
  }
  return times;
}

class LongestFirstSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.known = readSuiteTimes();
  }

  /** Milliseconds the suite took: the last run's on this machine, else the committed list's. */
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const seconds = this.known.get(relative(root, test.path).split(sep).join('/'));
    return seconds == null ? undefined : seconds * 1000;
  }

  sort(tests) {
    const size = (t) => t.context.hasteFS.getSize(t.path) ?? 0;
    const project = (t) => t.context.config.displayName?.name ?? t.context.config.rootDir;
    for (const t of tests) t.duration = this.time(t);
    // milliseconds per byte of the known suites, by project and over all
    const median = (xs) => (xs.length ? xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] : undefined);
    const ratios = (list) =>
      median(list.filter((t) => t.duration != null && size(t) > 0).map((t) => t.duration / size(t)));
    const overall = ratios(tests);
    const byProject = new Map();
    for (const t of tests)
      if (!byProject.has(project(t))) byProject.set(project(t), ratios(tests.filter((u) => project(u) === project(t))));
    const expected = (t) => t.duration ?? size(t) * (byProject.get(project(t)) ?? overall ?? 1);
    return [...tests].sort(
      (a, b) =>
        (this.hasFailed(b) ? 1 : 0) - (this.hasFailed(a) ? 1 : 0) || expected(b) - expected(a) || size(b) - size(a),
    );
  }
}

module.exports = LongestFirstSequencer;
module.exports.readSuiteTimes = readSuiteTimes;
