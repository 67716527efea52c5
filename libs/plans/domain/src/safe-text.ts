/**
 * What members write (plan sections, terms of reference, notes) is plain text in a small, safe
 * formatting subset, rendered by the server to HTML in which nothing a member wrote can run:
 * every character of theirs is escaped, and only the elements this file writes appear.
 *
 * SKELETON: paragraphs only. The plans-core work extends it to the whole subset (headings, lists,
 * links, tables) with `checkSafeText()` naming each problem, keeping these two signatures.
 */
export interface SafeTextProblem {
  line: number;
  message: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The problems of a text in the subset (empty when it renders as written). */
export function checkSafeText(source: string): SafeTextProblem[] {
  void source;
  return [];
}

/** The text as GOV.UK-styled HTML, safe to put in any page. */
export function renderSafeHtml(source: string): string {
  return source
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p class="govuk-body">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}
