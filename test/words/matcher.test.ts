import { describe, expect, it } from 'vitest';
import { createMatcher, splitWords } from '../../src/words/index.js';

const pairs = (from: string, to: string, text: string) =>
  createMatcher([{ from, to }]).matchAll(text).map((match) => [match.text, match.replacement]);

describe('splitWords', () => {
  it.each([
    ['session_id', ['session', 'id']],
    ['sessionId', ['session', 'id']],
    ['SessionID', ['session', 'id']],
    ['SESSION_ID', ['session', 'id']],
    ['session-id', ['session', 'id']],
    ['XMLHttpRequest', ['xml', 'http', 'request']],
  ])('%s', (name, words) => expect(splitWords(name)).toEqual(words));
});

describe('word matcher: session_id → flow_id', () => {
  it.each([
    ['session_id', 'flow_id'],
    ['sessionId', 'flowId'],
    ['SessionId', 'FlowId'],
    ['SESSION_ID', 'FLOW_ID'],
    ['session-id', 'flow-id'],
    ['sessionID', 'flowID'],
    ['session_ids', 'flow_ids'],
    ['sessionIDs', 'flowIDs'],
  ])('matches %s as %s', (text, replacement) => expect(pairs('session_id', 'flow_id', text)).toEqual([[text, replacement]]));

  it.each([
    ['validation_session_id', 'validation_flow_id'],
    ['validationSessionId', 'validationFlowId'],
    ['getSessionId', 'getFlowId'],
    ['VALIDATION_SESSION_ID', 'VALIDATION_FLOW_ID'],
    ['XMLSessionId', 'XMLFlowId'],
    ['sessionIdValue', 'flowIdValue'],
    ['sessionIDValue', 'flowIDValue'],
    ['session_id_2', 'flow_id_2'],
  ])('keeps the style inside the compound %s', (text, whole) =>
    expect(createMatcher([{ from: 'session_id', to: 'flow_id' }]).replaceAll(text)).toBe(whole));

  // Digits belong to the word they follow, as change-case splits: `session_id2` is session, id2 (test/words/digits.test.ts).
  it.each(['session_identifier', 'obsession_id', 'sessionid', 'SESSIONID', 'SESSION_IDX', 'sessionIdentifier', 'session id', 'session_id2'])(
    'does not match %s',
    (text) => expect(pairs('session_id', 'flow_id', text)).toEqual([]),
  );

  it('reports UTF-16 offsets past non-ASCII text', () => {
    const text = 'é 日本 🎉 session_id';
    const [match] = createMatcher([{ from: 'session_id', to: 'flow_id' }]).matchAll(text);
    expect(text.slice(match.start, match.end)).toBe('session_id');
    expect(match.start).toBe(text.indexOf('session_id'));
  });
});

describe('word matcher: one word and plurals', () => {
  it('matches a single word inside compounds and template text', () => {
    expect(pairs('session', 'flow', 'import_session_${x} SessionManager sessions obsession')).toEqual([
      ['session', 'flow'],
      ['Session', 'Flow'],
      ['sessions', 'flows'],
    ]);
  });

  it('still sees the singular after a plural-looking prefix (sessionStorage)', () => {
    expect(pairs('session', 'flow', 'sessionStorage')).toEqual([['session', 'flow']]);
  });

  it('pluralises the replacement properly', () => {
    expect(createMatcher([{ from: 'session', to: 'category' }]).replaceAll('sessions Sessions SESSIONS session')).toBe(
      'categories Categories CATEGORIES category',
    );
  });

  it('joins a longer replacement in the style of its surroundings', () => {
    expect(createMatcher([{ from: 'session', to: 'user_flow' }]).replaceAll('session getSession SESSION_ID sessions')).toBe(
      'user_flow getUserFlow USER_FLOW_ID user_flows',
    );
  });

  it('takes the longest of several renames at one place', () => {
    const matcher = createMatcher([
      { from: 'session', to: 'flow' },
      { from: 'session_id', to: 'flow_key' },
    ]);
    expect(matcher.replaceAll('session_id session')).toBe('flow_key flow');
  });

  it('has a byte prefilter that accepts every case style and rejects absent words', () => {
    const matcher = createMatcher([{ from: 'session_id', to: 'flow_id' }]);
    for (const text of ['x sessionId', 'SESSION_ID', 'SessionId']) expect(matcher.mayContain(Buffer.from(text))).toBe(true);
    expect(matcher.mayContain(Buffer.from('flow_id only'))).toBe(false);
  });

  it('has a text prefilter that wants the words in sequence but asks no boundary', () => {
    const matcher = createMatcher([{ from: 'session_id', to: 'flow_id' }]);
    // Every spelling a match can take passes, and so do spellings only an analyzer splits out of the text: the
    // fragment after a hex escape, a word run on into others.
    for (const text of ['sessionId', 'SESSION-IDS', 'Session_Id', String.raw`"\x41session_id"`, 'obsession_identifier']) {
      expect(matcher.mayMatch(text), text).toBe(true);
      expect(matcher.mayContain(Buffer.from(text)), text).toBe(true);
    }
    // The first word alone, or both apart, cannot make a match: such a file is not worth a parse.
    for (const text of ['sessionStorage', 'session and id', 'session.id', 'Session']) expect(matcher.mayMatch(text), text).toBe(false);
  });
});

describe('word matcher: escapes in string literals', () => {
  it('treats a backslash escape before a name as a boundary', () => {
    expect(pairs('session_id', 'flow_id', String.raw`"\nsession_id\tsessionId"`)).toEqual([
      ['session_id', 'flow_id'],
      ['sessionId', 'flowId'],
    ]);
  });
});

describe('word matcher: a rename without a new name (scan and check given only --from)', () => {
  it('matches as usual, with no replacement, and refuses to replace', () => {
    const matcher = createMatcher([{ from: 'session_id' }]);
    expect(matcher.matchAll('sessionId SESSION_ID').map((match) => [match.text, match.replacement])).toEqual([
      ['sessionId', ''],
      ['SESSION_ID', ''],
    ]);
    expect(() => matcher.replaceAll('sessionId')).toThrow('cannot replace "session_id": the rename has no "to"');
  });
});
