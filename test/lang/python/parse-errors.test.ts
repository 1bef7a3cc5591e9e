import { beforeAll, describe, expect, it } from 'vitest';
import { findIndentationError } from '../../../src/lang/python/indentation.js';
import { pythonAnalyzer } from '../../../src/lang/python/index.js';
import { createMatcher } from '../../../src/words/index.js';

// Each case was checked against CPython 3.11's `ast.parse` (the comment names what it raised).
const errorOf = (text: string): string | undefined => findIndentationError(text)?.message;

describe('indentation errors CPython raises and tree-sitter accepts', () => {
  it('raises TabError when a tab and eight spaces stand for the same level', () => {
    expect(errorOf('def f():\n\tx = 1\n        y = 2\n')).toBe('inconsistent use of tabs and spaces in indentation at line 3');
  });

  it('raises unexpected indent and unindent mismatches', () => {
    expect(errorOf('x = 1\n    y = 2\n')).toBe('unexpected indent at line 2');
    expect(errorOf('if x:\n    a = 1\n  b = 2\n')).toBe('unindent does not match any outer indentation level at line 3');
  });

  it('accepts consistent mixes, continuation lines, strings and comments at any indent', () => {
    expect(errorOf('if x:\n\tif y:\n\t\tpass\n\telse:\n\t    pass\n')).toBeUndefined();
    expect(
      errorOf('x = (1,\n\t   2)\ns = """\n\tz\n  """\nif x:  # c\n\ty = 1 \\\n  + 2\n# \t odd comment\n\ty\n'),
    ).toBeUndefined();
    expect(errorOf('if x:\r\n\tsession_id = 1\r\n\r\n\tprint(session_id)\r\n')).toBeUndefined();
  });
});

describe('syntax errors the analyzer reports', () => {
  const matcher = createMatcher([{ from: 'session_id', to: 'flow_id' }]);
  const analyze = (text: string) =>
    pythonAnalyzer.analyze({ absolutePath: '/x.py', path: 'x.py', text, language: 'python' }, matcher);
  beforeAll(() => pythonAnalyzer.load());

  it('reports a MISSING token at its position', () => {
    // tree-sitter inserts the missing `)` where CPython's caret points too.
    expect(analyze('def f(:\n  pass\nsession_id = 1\n').error).toBe('syntax error at line 1, column 7');
  });

  it('reports a Python 2 print statement, which tree-sitter-python still parses', () => {
    expect(analyze('session_id = 1\nprint session_id\n').error).toBe('syntax error at line 2, column 1');
  });

  it('never parses a file without a match, and never throws', () => {
    expect(analyze('def f(:\n').error).toBeUndefined();
    expect(analyze('\ufeffsession_id = 1\n')).toEqual({
      references: [{ start: 1, end: 11, text: 'session_id', replacement: 'flow_id', kind: 'variable' }],
    });
  });
});
