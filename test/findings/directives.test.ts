import { describe, expect, it } from 'vitest';
import { toolDirectiveAt } from '../../src/findings/directives.js';

const at = (line: string, word: string, nth = 0) => {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = line.indexOf(word, index + 1);
  return toolDirectiveAt(line, index + 1);
};

describe('tool directives in comments', () => {
  it.each([
    ['  // @ts-expect-error the value may be undefined', 'error', '@ts-expect-error'],
    ['x = 1 /* @ts-ignore */', 'ignore', '@ts-ignore'],
    ['// eslint-disable-next-line no-session-id -- legacy', 'session', 'eslint-disable-next-line'],
    ['value = call()  # type: ignore[session-id]', 'session', 'type: ignore'],
    ['import x  # noqa: F401 session_id', 'session_id', 'noqa'],
    ['def f(session_id):  # pylint: disable=unused-argument', 'unused', 'pylint:'],
  ])('%s: "%s" is part of a directive', (line, word, directive) => expect(at(line, word)).toBe(directive));

  it.each([
    ['// @ts-expect-error: the session_id may be missing', 'session_id'],
    ['// eslint-disable-next-line no-console -- logs the session_id', 'session_id'],
    ['// the session_id of the import', 'session_id'],
    ['# Store the session error for later', 'error'],
  ])('%s: "%s" is prose', (line, word) => expect(at(line, word)).toBeUndefined());
});
