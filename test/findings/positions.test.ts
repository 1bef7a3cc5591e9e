import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/findings/positions.js';
import { suppressedLines } from '../../src/findings/suppression.js';

describe('LineIndex', () => {
  it('counts CRLF, LF and lone CR as line ends and columns in UTF-16 code units', () => {
    const text = 'a\r\nb\nc\rdé🎉x';
    const lines = new LineIndex(text);
    expect(lines.position(text.indexOf('b'))).toEqual({ line: 2, column: 1 });
    expect(lines.position(text.indexOf('c'))).toEqual({ line: 3, column: 1 });
    expect(lines.position(text.indexOf('x'))).toEqual({ line: 4, column: 5 });
    expect(lines.lineText(0)).toBe('a');
    expect(lines.lineText(3)).toBe('dé🎉x');
  });

  it('counts a tab as one column', () => {
    const text = '\t\tsession_id';
    expect(new LineIndex(text).position(2)).toEqual({ line: 1, column: 3 });
  });
});

describe('suppression comments', () => {
  it('suppresses the next line and the marked line', () => {
    const text = ['// renamer-ignore-next-line', 'const session_id = 1;', 'const b = session_id; // renamer-ignore-line', 'session_id;'].join('\n');
    expect([...suppressedLines(text, new LineIndex(text))].sort()).toEqual([1, 2]);
  });
});
