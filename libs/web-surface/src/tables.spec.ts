import { join } from 'node:path';
import * as nunjucks from 'nunjucks';
import { govukTableHtml, TableParams } from './tables';

const env = new nunjucks.Environment(
  new nunjucks.FileSystemLoader(join(process.cwd(), 'node_modules/govuk-frontend/dist')),
  { autoescape: true },
);
const macro = (p: TableParams) =>
  env.renderString('{% from "govuk/components/table/macro.njk" import govukTable %}{{ govukTable(p) }}', { p });
/** The macro's indentation: runs of whitespace (within a tag, one space) and none between tags. */
const tight = (html: string) => html.replace(/\s+/g, ' ').replace(/> </g, '><').trim();

describe('govukTableHtml', () => {
  it('is the govukTable macro’s markup for captions, heads, formats, spans, attributes, html and escaping', () => {
    const cases: TableParams[] = [
      {
        caption: 'Figures & <notes> "quoted" it\'s \\',
        captionClasses: 'govuk-table__caption--s',
        firstCellIsHeader: true,
        classes: 'govuk-table--small-text-until-tablet',
        attributes: { 'data-testid': 'table-compare' },
        head: [
          { text: 'Partnership' },
          { text: 'Spring term', format: 'numeric' },
          { html: '<abbr>LA</abbr>', classes: 'x' },
        ],
        rows: [
          [
            { text: 'Alpha & Co' },
            { text: '80%', format: 'numeric' },
            { html: '<a class="govuk-link" href="/a?b=1&amp;c=2">Go</a>' },
          ],
          [
            { text: 'Beta <b>', colspan: 2, attributes: { 'aria-label': 'a "b"' } },
            { text: 3, rowspan: 2, format: 'numeric', classes: 'y' },
          ],
          [{ text: '' }, { text: undefined }],
        ],
      },
      { rows: [[{ text: 'No head' }, { text: 'Nor caption' }]] },
      { head: [], rows: [], firstCellIsHeader: false },
    ];
    for (const p of cases) expect(tight(govukTableHtml(p))).toBe(tight(macro(p)));
    expect(govukTableHtml(cases[0])).toContain(
      '<caption class="govuk-table__caption govuk-table__caption--s">Figures &amp; &lt;notes&gt; &quot;quoted&quot; it&#39;s &#92;</caption>',
    );
  });
});
