/**
 * What members write (plan sections, terms of reference, notes) is plain text in a small, safe
 * formatting subset, rendered by the server to HTML in which nothing a member wrote can run:
 * every character of theirs is escaped, and only the elements this file writes appear.
 *
 * The subset, one block per group of lines (a blank line ends a block):
 * - `## Heading` and `### Smaller heading`;
 * - `- item` lines: a bulleted list; `1. item` lines: a numbered list;
 * - a pipe table: a header row `| a | b |`, a separator `|---|---|`, then rows, every row with the
 *   header's number of cells;
 * - anything else: a paragraph (its line breaks kept).
 * Inside any of them, `[text](https://…)` is a link (https only). Everything else is text.
 *
 * `checkSafeText` names each problem with its line (a link that is not https or not finished, a
 * ragged table, a text over the limit); `renderSafeHtml` never fails: what would be a problem is
 * shown as the text that was written.
 */
export interface SafeTextProblem {
  line: number;
  message: string;
}

/** The longest a section (or any safe text) may be, in characters. */
export const SAFE_TEXT_MAX_LENGTH = 20_000;

/** What the editing pages show under the text box. */
export const SAFE_TEXT_HELP: readonly { write: string; get: string }[] = [
  { write: '## A heading', get: 'a heading' },
  { write: '### A smaller heading', get: 'a smaller heading' },
  { write: '- an item', get: 'a bulleted list (one item a line)' },
  { write: '1. a step', get: 'a numbered list (one item a line)' },
  { write: '[the link text](https://www.example.gov.uk/page)', get: 'a link (https only)' },
  { write: '| Need | Places |\n|---|---|\n| SEMH | 40 |', get: 'a table: a header row, a separator row, then rows' },
  { write: 'A blank line', get: 'starts a new paragraph' },
];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

type Block =
  | { kind: 'heading'; level: 2 | 3; text: string; line: number }
  | { kind: 'list'; ordered: boolean; items: { text: string; line: number }[] }
  | { kind: 'table'; rows: { cells: string[]; line: number }[]; separatorLine: number | null }
  | { kind: 'paragraph'; lines: { text: string; line: number }[] };

const HEADING = /^(#{2,3}) +(\S.*)$/;
const BULLET = /^[-*] +(\S.*)$/;
const NUMBERED = /^\d{1,3}\. +(\S.*)$/;
const TABLE_ROW = /^\|.*$/;
const SEPARATOR_CELL = /^:?-{3,}:?$/;
const LINK = /\[([^[\]\n]{1,500})\]\(([^()\s]{0,2000})\)/g;
const SAFE_URL = /^https:\/\/[^\s<>"'`\\]{1,2000}$/;

const lines = (source: string) => source.replace(/\r\n?/g, '\n').split('\n');

/** The cells of a table row: `| a | b |` → ['a', 'b']. */
const cells = (row: string): string[] => {
  let s = row.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|')) s = s.slice(0, -1);
  return s.split('|').map((c) => c.trim());
};

function parse(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  const end = () => {
    if (current) blocks.push(current);
    current = null;
  };
  for (const [i, raw] of lines(source).entries()) {
    const line = i + 1;
    const text = raw.trim();
    if (!text) {
      end();
      continue;
    }
    const heading = HEADING.exec(text);
    if (heading) {
      end();
      blocks.push({ kind: 'heading', level: heading[1].length as 2 | 3, text: heading[2], line });
      continue;
    }
    const bullet = BULLET.exec(text);
    const numbered = bullet ? null : NUMBERED.exec(text);
    if (bullet || numbered) {
      const ordered = !!numbered;
      const c = current as Block | null;
      if (!c || c.kind !== 'list' || c.ordered !== ordered) {
        end();
        current = { kind: 'list', ordered, items: [] };
      }
      (current as unknown as Extract<Block, { kind: 'list' }>).items.push({ text: (bullet ?? numbered)![1], line });
      continue;
    }
    if (TABLE_ROW.test(text)) {
      const c = current as Block | null;
      if (!c || c.kind !== 'table') {
        end();
        current = { kind: 'table', rows: [], separatorLine: null };
      }
      const t = current as unknown as Extract<Block, { kind: 'table' }>;
      const row = cells(text);
      if (t.rows.length === 1 && t.separatorLine === null && row.every((x) => SEPARATOR_CELL.test(x))) {
        t.separatorLine = line;
        // the separator's cell count is checked like a row's
        t.rows.push({ cells: row, line: -line });
      } else t.rows.push({ cells: row, line });
      continue;
    }
    const c = current as Block | null;
    if (!c || c.kind !== 'paragraph') {
      end();
      current = { kind: 'paragraph', lines: [] };
    }
    (current as unknown as Extract<Block, { kind: 'paragraph' }>).lines.push({ text, line });
  }
  end();
  return blocks;
}

/** The link problems of one line of text. */
function linkProblems(text: string, line: number): SafeTextProblem[] {
  const problems: SafeTextProblem[] = [];
  let rest = text;
  for (const m of text.matchAll(LINK)) {
    const url = m[2];
    if (!isSafeUrl(url))
      problems.push({
        line,
        message: `Line ${line}: the link “${m[1].slice(0, 60)}” must go to an address starting https:// (not “${url.slice(0, 60)}”)`,
      });
    rest = rest.replace(m[0], ' ');
  }
  const unmatched = /\[([^[\]\n]{0,500})\]\((\S*)/.exec(rest);
  if (unmatched && !/^https:\/\//i.test(unmatched[2]))
    problems.push({
      line,
      message: `Line ${line}: the link “${unmatched[1].slice(0, 60)}” must go to an address starting https://`,
    });
  else if (unmatched)
    problems.push({ line, message: `Line ${line}: a link is not finished: write it as [the link text](https://…)` });
  return problems;
}

/** An https address with a host, and nothing in it that could leave an attribute. */
export function isSafeUrl(url: string): boolean {
  if (!SAFE_URL.test(url)) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !!u.hostname && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** The problems of a text in the subset (empty when it renders as written), each naming its line. */
export function checkSafeText(source: string, options: { maxLength?: number } = {}): SafeTextProblem[] {
  const max = options.maxLength ?? SAFE_TEXT_MAX_LENGTH;
  const problems: SafeTextProblem[] = [];
  const normalised = source.replace(/\r\n?/g, '\n');
  if (normalised.length > max) {
    const line = normalised.slice(0, max).split('\n').length;
    problems.push({
      line,
      message: `Line ${line}: the text is ${normalised.length.toLocaleString('en-GB')} characters long, over the limit of ${max.toLocaleString('en-GB')}`,
    });
  }
  for (const b of parse(source)) {
    switch (b.kind) {
      case 'heading':
        problems.push(...linkProblems(b.text, b.line));
        break;
      case 'list':
        for (const it of b.items) problems.push(...linkProblems(it.text, it.line));
        break;
      case 'paragraph':
        for (const l of b.lines) problems.push(...linkProblems(l.text, l.line));
        break;
      case 'table': {
        const [header] = b.rows;
        if (b.separatorLine === null) {
          problems.push({
            line: header.line,
            message: `Line ${header.line}: a table needs a separator row like |---|---| under its header row`,
          });
        }
        for (const r of b.rows) {
          const line = Math.abs(r.line);
          if (r.cells.length !== header.cells.length)
            problems.push({
              line,
              message: `Line ${line}: this table row has ${r.cells.length} cell${r.cells.length === 1 ? '' : 's'}; the header row has ${header.cells.length}`,
            });
          if (r.line > 0) for (const c of r.cells) problems.push(...linkProblems(c, line));
        }
        break;
      }
    }
  }
  return problems.sort((x, y) => x.line - y.line);
}

/** One line's text as HTML: escaped, with its https links as links. */
function inline(text: string): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(LINK)) {
    out += escapeHtml(text.slice(at, m.index));
    out += isSafeUrl(m[2])
      ? `<a class="govuk-link" href="${escapeHtml(m[2])}" rel="noreferrer noopener">${escapeHtml(m[1])}</a>`
      : escapeHtml(m[0]);
    at = m.index! + m[0].length;
  }
  return out + escapeHtml(text.slice(at));
}

/**
 * The text as GOV.UK-styled HTML, safe to put in any page. `topHeading` is the level `##` becomes
 * (2 by default; 3 where the text sits under the page's own h2, as a plan's sections do).
 */
export function renderSafeHtml(source: string, options: { topHeading?: 2 | 3 | 4 } = {}): string {
  const top = options.topHeading ?? 2;
  const out: string[] = [];
  for (const b of parse(source)) {
    switch (b.kind) {
      case 'heading': {
        const level = Math.min(6, top + (b.level - 2));
        const cls = b.level === 2 ? 'govuk-heading-m' : 'govuk-heading-s';
        out.push(`<h${level} class="${cls}">${inline(b.text)}</h${level}>`);
        break;
      }
      case 'list': {
        const tag = b.ordered ? 'ol' : 'ul';
        const cls = b.ordered ? 'govuk-list govuk-list--number' : 'govuk-list govuk-list--bullet';
        out.push(`<${tag} class="${cls}">${b.items.map((i) => `<li>${inline(i.text)}</li>`).join('')}</${tag}>`);
        break;
      }
      case 'paragraph':
        out.push(`<p class="govuk-body">${b.lines.map((l) => inline(l.text)).join('<br>')}</p>`);
        break;
      case 'table': {
        const [header, ...rest] = b.rows;
        const body = rest.filter((r) => r.line > 0);
        if (b.separatorLine === null || b.rows.some((r) => r.cells.length !== header.cells.length)) {
          // not a table as written: shown as the lines that were written
          out.push(
            `<p class="govuk-body">${b.rows.map((r) => escapeHtml(`| ${r.cells.join(' | ')} |`)).join('<br>')}</p>`,
          );
          break;
        }
        const th = header.cells.map((c) => `<th scope="col" class="govuk-table__header">${inline(c)}</th>`).join('');
        const trs = body
          .map(
            (r) =>
              `<tr class="govuk-table__row">${r.cells.map((c) => `<td class="govuk-table__cell">${inline(c)}</td>`).join('')}</tr>`,
          )
          .join('');
        out.push(
          `<table class="govuk-table"><thead class="govuk-table__head"><tr class="govuk-table__row">${th}</tr></thead><tbody class="govuk-table__body">${trs}</tbody></table>`,
        );
        break;
      }
    }
  }
  return out.join('\n');
}
