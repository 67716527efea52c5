/**
 * govuk-frontend's table as a plain function: the same markup as the `govukTable` macro (its
 * elements, classes and attributes; only the whitespace between tags differs, which HTML ignores
 * inside a table) for the parameters below, for a page whose table has hundreds of cells. The
 * macro runs Nunjucks' set-blocks and `govukAttributes` for every cell, which made rendering such
 * a table most of a page's CPU. Text is escaped as Nunjucks' autoescape does; `html` is trusted.
 *
 * In a template: `{{ tableHtml | safe }}`, inside `scrollRegion` when the table is wide.
 */
export interface TableCell {
  text?: string | number;
  html?: string;
  /** `numeric`: right-aligned. */
  format?: string;
  classes?: string;
  colspan?: number;
  rowspan?: number;
  attributes?: Record<string, string>;
}

export interface TableParams {
  caption?: string;
  captionClasses?: string;
  firstCellIsHeader?: boolean;
  classes?: string;
  attributes?: Record<string, string>;
  head?: readonly TableCell[];
  rows: readonly (readonly TableCell[] | null | undefined)[];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&#39;',
  '<': '&lt;',
  '>': '&gt;',
  '\\': '&#92;',
};
/** Nunjucks' own escape (its autoescape): the macro's output, character for character. */
const escape = (v: unknown) =>
  v === undefined || v === null ? '' : String(v).replace(/[&"'<>\\]/g, (c) => ESCAPES[c]);

const attrs = (a: Record<string, string> | undefined) =>
  a
    ? Object.entries(a)
        .map(([name, value]) => ` ${escape(name)}="${escape(value)}"`)
        .join('')
    : '';

const content = (c: TableCell) => (c.html ? c.html : escape(c.text));

const spans = (c: TableCell) =>
  `${c.colspan ? ` colspan="${escape(c.colspan)}"` : ''}${c.rowspan ? ` rowspan="${escape(c.rowspan)}"` : ''}${attrs(c.attributes)}`;

export function govukTableHtml(p: TableParams): string {
  const out: string[] = [
    `<table class="govuk-table${p.classes ? ` ${escape(p.classes)}` : ''}"${attrs(p.attributes)}>`,
  ];
  if (p.caption)
    out.push(
      `<caption class="govuk-table__caption${p.captionClasses ? ` ${escape(p.captionClasses)}` : ''}">${escape(p.caption)}</caption>`,
    );
  if (p.head) {
    out.push('<thead class="govuk-table__head"><tr class="govuk-table__row">');
    for (const h of p.head)
      out.push(
        `<th scope="col" class="govuk-table__header${h.format ? ` govuk-table__header--${escape(h.format)}` : ''}${h.classes ? ` ${escape(h.classes)}` : ''}"${spans(h)}>${content(h)}</th>`,
      );
    out.push('</tr></thead>');
  }
  out.push('<tbody class="govuk-table__body">');
  for (const row of p.rows) {
    if (!row) continue;
    out.push('<tr class="govuk-table__row">');
    row.forEach((c, i) =>
      out.push(
        i === 0 && p.firstCellIsHeader
          ? `<th scope="row" class="govuk-table__header${c.classes ? ` ${escape(c.classes)}` : ''}"${spans(c)}>${content(c)}</th>`
          : `<td class="govuk-table__cell${c.format ? ` govuk-table__cell--${escape(c.format)}` : ''}${c.classes ? ` ${escape(c.classes)}` : ''}"${spans(c)}>${content(c)}</td>`,
      ),
    );
    out.push('</tr>');
  }
  out.push('</tbody></table>');
  return out.join('');
}
