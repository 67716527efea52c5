import { csvCell, formulaSafe } from './csv';

describe('the CSV formula guard every export uses', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+44 161', "'+44 161"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
    // a spreadsheet skips leading whitespace before a formula: these were let through before
    ['  =HYPERLINK("http://x.example","click")', `'  =HYPERLINK("http://x.example","click")`],
    [' +1', "' +1"],
    ['\u00a0-1', "'\u00a0-1"],
    ['\n@x', "'\n@x"],
  ])('neutralises %j', (input, expected) => {
    expect(formulaSafe(input)).toBe(expected);
  });

  it.each(['Manchester', 'A-1', 'tier 2', '', '  plain text', 'x=1'])('leaves %j alone', (input) => {
    expect(formulaSafe(input)).toBe(input);
  });

  it('quotes a cell with a quote, comma or line break after neutralising it; numbers stay numbers', () => {
    expect(csvCell('  =HYPERLINK("a")')).toBe(`"'  =HYPERLINK(""a"")"`);
    expect(csvCell('Bury, St Edmunds')).toBe('"Bury, St Edmunds"');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });
});
