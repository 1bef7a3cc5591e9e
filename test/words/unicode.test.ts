import { describe, expect, it } from 'vitest';
import { createMatcher, splitWords } from '../../src/words/index.js';

const found = (from: string, text: string) => createMatcher([{ from, to: 'x' }]).matchAll(text).map((match) => match.text);
const replaced = (from: string, to: string, text: string) => createMatcher([{ from, to }]).replaceAll(text);

describe('splitWords with non-ASCII letters', () => {
  it.each([
    ['über_id', ['über', 'id']],
    ['überId', ['über', 'id']],
    ['ÜBER_ID', ['über', 'id']],
    ['straßeName', ['straße', 'name']],
    ['ΣύνοδοςId', ['σύνοδος', 'id']],
    ['セッションsession_id', ['セッション', 'session', 'id']],
  ])('%s', (name, words) => expect(splitWords(name)).toEqual(words));
});

describe('word matcher: non-ASCII letters are letters', () => {
  it('does not take über_id for ber_id, nor ber_id for über_id', () => {
    expect(found('über_id', 'ber_id über_id')).toEqual(['über_id']);
    expect(found('ber_id', 'über_id überId Über_ID ber_id')).toEqual(['ber_id']);
    expect(found('id', 'naïd ıd éid')).toEqual([]);
  });

  it('matches and rewrites every style of a non-ASCII name', () => {
    expect(replaced('über_id', 'flow_id', 'über_id überId ÜberId ÜBER_ID validation_über_id getÜberId')).toBe(
      'flow_id flowId FlowId FLOW_ID validation_flow_id getFlowId',
    );
    expect(replaced('session_id', 'sitzung_schlüssel', 'session_id sessionId SESSION_ID')).toBe('sitzung_schlüssel sitzungSchlüssel SITZUNG_SCHLÜSSEL');
  });

  it('ends a word where a caseless script meets a cased one', () => {
    expect(found('session_id', 'セッションsession_idを渡す')).toEqual(['session_id']);
  });

  it('treats a letter outside the BMP as one letter', () => {
    expect(found('id', '𝐚id id𝐚 id𝐀')).toEqual(['id']);
  });

  it('does not match a name that only Unicode case folding relates (ſ folds to s)', () => {
    expect(found('session_id', 'ſession_id ſessionId')).toEqual([]);
  });
});
