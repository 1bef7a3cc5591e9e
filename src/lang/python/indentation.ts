/**
 * CPython's tokenizer checks indentation that tree-sitter accepts: it measures each logical line's indent
 * twice, with tabs to multiples of 8 and with tabs as 1 column, and raises TabError when the two
 * measures disagree on the order of indents (Parser/tokenizer.c, `indenterror`). Logical lines are found
 * with a small lexer that skips strings, comments, bracketed and backslash-continued lines.
 */

interface Indent {
  readonly col: number;
  readonly alt: number;
}

function measure(text: string, start: number): { col: number; alt: number; end: number } {
  let col = 0;
  let alt = 0;
  let i = start;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === ' ') {
      col++;
      alt++;
    } else if (ch === '\t') {
      col = (Math.floor(col / 8) + 1) * 8;
      alt++;
    } else if (ch === '\f') col = alt = 0;
    else break;
  }
  return { col, alt, end: i };
}

/** Index just past the string literal opened at `open`; a newline ends an unterminated one-line string. */
function skipString(text: string, open: number): number {
  const quote = text[open];
  const triple = text[open + 1] === quote && text[open + 2] === quote;
  const delimiter = triple ? quote.repeat(3) : quote;
  for (let i = open + delimiter.length; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (!triple && (ch === '\n' || ch === '\r')) return i;
    else if (text.startsWith(delimiter, i)) return i + delimiter.length;
  }
  return text.length;
}

/** The line of `offset`, 1-based. */
const lineAt = (text: string, offset: number): number => text.slice(0, offset).split(/\r\n|\r|\n/).length;

/** The first indentation error CPython would raise, with its offset, or undefined. */
export function findIndentationError(text: string): { offset: number; message: string } | undefined {
  if (!text.includes('\t') && !text.includes(' ')) return undefined;
  const stack: Indent[] = [{ col: 0, alt: 0 }];
  let lastSignificant = '';
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const { col, alt, end } = measure(text, i);
    i = end;
    const ch = text[i];
    const blank = i >= text.length || ch === '\n' || ch === '\r' || ch === '#';
    if (!blank) {
      const top = stack[stack.length - 1];
      const fail = (message: string) => ({ offset: i, message: `${message} at line ${lineAt(text, i)}` });
      const tabError = 'inconsistent use of tabs and spaces in indentation';
      if (col === top.col) {
        if (alt !== top.alt) return fail(tabError);
      } else if (col > top.col) {
        if (alt <= top.alt) return fail(tabError);
        if (lastSignificant !== ':') return fail('unexpected indent');
        stack.push({ col, alt });
      } else {
        while (stack.length > 1 && col < stack[stack.length - 1].col) stack.pop();
        const outer = stack[stack.length - 1];
        if (col !== outer.col) return fail('unindent does not match any outer indentation level');
        if (alt !== outer.alt) return fail(tabError);
      }
    }
    // Scan to the end of the logical line: through brackets, strings and backslash continuations.
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '#') {
        while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      }
      if (i >= text.length) break;
      const d = text[i];
      if (d === '\n' || d === '\r') {
        if (d === '\r' && text[i + 1] === '\n') i++;
        if (depth === 0) break;
      } else if (d === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
        i++;
        if (text[i] === '\r' && text[i + 1] === '\n') i++;
      } else if (d === '"' || d === "'") {
        i = skipString(text, i) - 1;
        lastSignificant = d;
      } else if (d !== ' ' && d !== '\t' && d !== '\f') {
        if (d === '(' || d === '[' || d === '{') depth++;
        else if ((d === ')' || d === ']' || d === '}') && depth > 0) depth--;
        lastSignificant = d;
      }
    }
    i++;
  }
  return undefined;
}
