import { changed, diffLines } from './line-diff';

describe('diffLines', () => {
  it('keeps the lines in common and marks the deleted and inserted ones in reading order', () => {
    const d = diffLines('one\ntwo\nthree\nfour', 'one\n2\nthree\nfour\nfive');
    expect(d).toEqual([
      { op: 'same', text: 'one' },
      { op: 'delete', text: 'two' },
      { op: 'insert', text: '2' },
      { op: 'same', text: 'three' },
      { op: 'same', text: 'four' },
      { op: 'insert', text: 'five' },
    ]);
    expect(changed(d)).toBe(true);
  });

  it('finds nothing changed in the same text (line endings aside) and everything in a new one', () => {
    expect(changed(diffLines('a\r\nb\n\n', 'a\nb'))).toBe(false);
    expect(diffLines('', 'new')).toEqual([{ op: 'insert', text: 'new' }]);
    expect(diffLines('old', '')).toEqual([{ op: 'delete', text: 'old' }]);
  });

  it('prefers the longest run in common over a line-by-line pairing', () => {
    const d = diffLines('x\na\nb\nc', 'a\nb\nc\nx');
    expect(d.filter((l) => l.op === 'same').map((l) => l.text)).toEqual(['a', 'b', 'c']);
  });
});
