/**
 * What changed between two texts, line by line: the longest common subsequence of their lines
 * (dynamic programming, O(n·m), bounded by the sections' 20,000 characters), as a list of kept,
 * inserted and deleted lines in reading order. Written here rather than taken from a library: the
 * public "compare two versions" page needs only this, and it is a few lines.
 */
export type DiffOp = 'same' | 'insert' | 'delete';

export interface DiffLine {
  op: DiffOp;
  text: string;
}

/** Lines of a section's text: line endings normalised, trailing blank lines dropped. */
export function linesOf(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}

/** The lines of `before` and `after` as kept, deleted (only in before) and inserted (only in after). */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = linesOf(before);
  const b = linesOf(after);
  // the common prefix and suffix need no table
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  // lcs[i][j]: the length of the longest common subsequence of midA[i..] and midB[j..]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: DiffLine[] = a.slice(0, start).map((text) => ({ op: 'same' as const, text }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && midA[i] === midB[j]) {
      out.push({ op: 'same', text: midA[i] });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      // on a tie the old line goes first: a replaced line reads as deleted, then inserted
      out.push({ op: 'delete', text: midA[i++] });
    } else {
      out.push({ op: 'insert', text: midB[j++] });
    }
  }
  for (const text of a.slice(endA)) out.push({ op: 'same', text });
  return out;
}

/** Whether anything changed. */
export const changed = (diff: readonly DiffLine[]): boolean => diff.some((d) => d.op !== 'same');
