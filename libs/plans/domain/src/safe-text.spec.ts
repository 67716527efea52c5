import { checkSafeText, isSafeUrl, renderSafeHtml } from './safe-text';

describe('the safe formatting subset', () => {
  it('renders headings, lists, links, tables and paragraphs as GOV.UK HTML', () => {
    const html = renderSafeHtml(
      [
        '## Our needs',
        '### In brief',
        'First line',
        'second line of the same paragraph',
        '',
        '- one',
        '- two with [a guide](https://www.gov.uk/guide?a=1&b=2)',
        '',
        '1. first',
        '2. second',
        '',
        '| Need | Places |',
        '|---|:---:|',
        '| SEMH | 40 |',
      ].join('\n'),
    );
    expect(html).toBe(
      [
        '<h2 class="govuk-heading-m">Our needs</h2>',
        '<h3 class="govuk-heading-s">In brief</h3>',
        '<p class="govuk-body">First line<br>second line of the same paragraph</p>',
        '<ul class="govuk-list govuk-list--bullet"><li>one</li><li>two with <a class="govuk-link" href="https://www.gov.uk/guide?a=1&amp;b=2" rel="noreferrer noopener">a guide</a></li></ul>',
        '<ol class="govuk-list govuk-list--number"><li>first</li><li>second</li></ol>',
        '<table class="govuk-table"><thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Need</th><th scope="col" class="govuk-table__header">Places</th></tr></thead><tbody class="govuk-table__body"><tr class="govuk-table__row"><td class="govuk-table__cell">SEMH</td><td class="govuk-table__cell">40</td></tr></tbody></table>',
      ].join('\n'),
    );
    expect(renderSafeHtml('## Under the page’s h2', { topHeading: 3 })).toBe(
      '<h3 class="govuk-heading-m">Under the page’s h2</h3>',
    );
  });

  it('finds no problem in text written in the subset', () => {
    expect(checkSafeText('## A\n\n- [x](https://example.org/a)\n\n| a | b |\n|---|---|\n| 1 | 2 |')).toEqual([]);
    expect(checkSafeText('Plain words, a [bracket] and (a note).')).toEqual([]);
  });

  it('names each problem with its line: a link not https or not finished, a ragged table, no separator', () => {
    const problems = checkSafeText(
      [
        'Fine',
        'See [the page](http://example.org)',
        '[broken](https://example.org',
        '',
        '| a | b |',
        '|---|---|',
        '| 1 | 2 | 3 |',
        '',
        '| c | d |',
        '| 1 | 2 |',
      ].join('\n'),
    );
    expect(problems.map((p) => p.line)).toEqual([2, 3, 7, 9]);
    expect(problems[0].message).toMatch(/^Line 2: the link “the page” must go to an address starting https:\/\//);
    expect(problems[1].message).toMatch(/^Line 3: a link is not finished/);
    expect(problems[2].message).toBe('Line 7: this table row has 3 cells; the header row has 2');
    expect(problems[3].message).toMatch(/^Line 9: a table needs a separator row/);
  });

  it('refuses a text over 20,000 characters, naming the line where it passes the limit', () => {
    const text = `short\n${'x'.repeat(20_000)}`;
    const [p] = checkSafeText(text);
    expect(p.line).toBe(2);
    expect(p.message).toMatch(/20,006 characters long, over the limit of 20,000/);
    expect(checkSafeText('x'.repeat(20_000))).toEqual([]);
  });

  it('lets nothing written run: script, handlers and javascript: URLs stay text', () => {
    const attacks = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '[click](JaVaScRiPt:alert(1))',
      '[click](data:text/html,<script>alert(1)</script>)',
      '[x](https://example.org/"onmouseover="alert(1))',
      "[x](https://example.org/'onmouseover='alert(1))",
      '## <svg onload=alert(1)>',
      '- <a href="javascript:alert(1)">x</a>',
      '| <b onclick=alert(1)> | b |\n|---|---|\n| <i> | [y](vbscript:msgbox) |',
      '[x](//evil.example/a)',
      '[x](https://user:pass@evil.example/)',
    ];
    for (const a of attacks) {
      const html = renderSafeHtml(a);
      expect([a, /<(script|img|svg|b|i)\b/i.test(html)]).toEqual([a, false]);
      // every tag is one this file writes, with only its own attributes
      for (const tag of html.matchAll(/<\/?([a-z0-9]+)([^>]*)>/g)) {
        expect([a, tag[1]]).toEqual([
          a,
          expect.stringMatching(/^(p|br|h[2-6]|ul|ol|li|a|table|thead|tbody|tr|th|td)$/),
        ]);
        expect([a, tag[2]]).toEqual([a, expect.stringMatching(/^(\s(class|href|rel|scope)="[^"<>]*")*$/)]);
      }
      // only an https link to a host becomes an href
      for (const href of html.matchAll(/href="([^"]*)"/g)) expect(href[1]).toMatch(/^https:\/\/[a-z.]+\//);
      expect([a, /javascript:|vbscript:|data:/i.test(html) && /href="(javascript|vbscript|data)/i.test(html)]).toEqual([
        a,
        false,
      ]);
    }
    expect(checkSafeText('[click](javascript:alert(1))').length).toBeGreaterThan(0);
    expect(checkSafeText('[x](https://example.org/"onmouseover="alert(1))')[0].line).toBe(1);
    expect(renderSafeHtml('<script>alert(1)</script>')).toBe(
      '<p class="govuk-body">&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
    expect(isSafeUrl('https://www.gov.uk/')).toBe(true);
    for (const u of [
      'http://a.example',
      'javascript:alert(1)',
      'https://',
      'https://a.example/<x>',
      'https://u:p@a.example',
    ])
      expect([u, isSafeUrl(u)]).toEqual([u, false]);
  });

  it('shows a ragged table as the text written, never half a table', () => {
    expect(renderSafeHtml('| a | b |\n|---|---|\n| 1 |')).toBe(
      '<p class="govuk-body">| a | b |<br>| --- | --- |<br>| 1 |</p>',
    );
  });
});
