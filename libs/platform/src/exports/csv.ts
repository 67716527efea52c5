/**
 * The one guard every CSV export uses against formula injection (CWE-1236): a text cell that a
 * spreadsheet would read as a formula gets a leading apostrophe. A spreadsheet skips leading
 * whitespace before a formula, so `  =HYPERLINK(...)` is one too: any cell whose first character
 * after whitespace is `=`, `+`, `-` or `@`, or that starts with a tab or carriage return.
 */
const FORMULA = /^(?:\s*[=+\-@]|[\t\r])/;

/** Whether a spreadsheet would read this text as a formula (an upload refuses such a cell). */
export function looksLikeFormula(text: string): boolean {
  return FORMULA.test(text);
}

/** The text of a cell, neutralised if a spreadsheet would run it. */
export function formulaSafe(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

/** One CSV cell: neutralised, then quoted when it holds a quote, comma or line break. Numbers stay numbers. */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const safe = formulaSafe(v);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
