import { beforeAll, describe, expect, it } from 'vitest';
import { sqlAnalyzer } from '../../../src/lang/sql/index.js';
import { fallbackTokenize } from '../../../src/lang/sql/fallback-tokenizer.js';
import { pgScan } from '../../../src/lang/sql/pg-scanner.js';
import { tokenShape, type SqlToken } from '../../../src/lang/sql/tokens.js';
import { utf8ToUtf16Offsets } from '../../../src/lang/sql/utf8-offsets.js';
import { createMatcher } from '../../../src/words/index.js';
import { analyzeFixture, readFixture, site } from '../python/sites.js';

const analyze = (path: string, renames?: { from: string; to: string }[]) =>
  analyzeFixture(sqlAnalyzer, `sql-kinds/${path}`, renames);

describe('sql analyzer', () => {
  beforeAll(() => sqlAnalyzer.load());

  it('classifies identifiers, comments, strings and plpgsql bodies (001_schema.sql)', async () => {
    const { sites, error } = await analyze('001_schema.sql');
    expect(error).toBeUndefined();
    expect(sites).toEqual([
      site(1, 27, 'session_id', 'flow_id', 'comment'), // block comment
      site(2, 21, 'Session_Id', 'Flow_Id', 'comment'), // after "Café" and an em dash
      site(5, 5, 'session_id', 'flow_id', 'sql'),
      site(6, 6, 'Session_Id', 'Flow_Id', 'sql'), // quoted identifier
      site(7, 48, 'session_id', 'flow_id', 'string'),
      site(10, 7, 'session_id', 'flow_id', 'comment'), // after an astral emoji: 4 UTF-8 bytes, 2 UTF-16 units
      site(11, 25, 'session_id', 'flow_id', 'sql'), // index name
      site(11, 47, 'session_id', 'flow_id', 'sql'),
      site(14, 20, 'session_id', 'flow_id', 'sql'), // view
      site(14, 41, 'session_id', 'flow_id', 'sql'),
      site(16, 37, 'session_id', 'flow_id', 'string'), // E'...\'...'
      site(21, 24, 'session_id', 'flow_id', 'sql'), // NEW.session_id in the $fn$ body
      site(22, 26, 'session_id', 'flow_id', 'string'), // a literal inside the body
      site(22, 45, 'session_id', 'flow_id', 'sql'),
      site(30, 22, 'session_id', 'flow_id', 'sql'),
      site(30, 33, 'session_id', 'flow_id', 'sql'),
      site(32, 25, 'session_id', 'flow_id', 'string'), // a plpython3u body stays a string
      site(35, 26, 'session_id', 'flow_id', 'sql'),
      site(35, 48, 'session_id', 'flow_id', 'string'),
    ]);
  });

  it('keeps scanning a CRLF file that PostgreSQL cannot lex, without an error (002_unterminated.sql)', async () => {
    const text = readFixture('sql-kinds/002_unterminated.sql');
    expect(text).toContain('\r\n');
    expect(pgScan(text)).toBeUndefined();
    const { sites, error } = await analyze('002_unterminated.sql');
    expect(error).toBeUndefined();
    expect(sites).toEqual([
      site(2, 42, 'session_id', 'flow_id', 'sql'),
      site(3, 20, 'Session_Id', 'Flow_Id', 'sql'),
      site(3, 45, 'session_id', 'flow_id', 'sql'),
      site(4, 47, 'session_id', 'flow_id', 'string'), // the unterminated literal runs to the end
    ]);
  });

  it('treats a plain dollar-quoted literal as a string and tokenises a DO block', () => {
    const matcher = createMatcher([{ from: 'session_id', to: 'flow_id' }]);
    const text = "SELECT $$session_id$$;\nDO $do$ BEGIN PERFORM session_id FROM t; END $do$;\n";
    const kinds = sqlAnalyzer
      .analyze({ absolutePath: '/x.sql', path: 'x.sql', text, language: 'sql' }, matcher)
      .references.map((reference) => [reference.start, reference.kind]);
    expect(kinds).toEqual([
      [text.indexOf('session_id'), 'string'],
      [text.indexOf('session_id FROM'), 'sql'],
    ]);
  });
});

describe('sql tokenizers', () => {
  beforeAll(() => sqlAnalyzer.load());
  const special = (tokens: SqlToken[]) =>
    tokens.filter((token) => tokenShape(token.text) !== 'code').map((token) => ({ ...token, shape: tokenShape(token.text) }));

  it('the fallback tokenizer finds the same comments and literals as PostgreSQL on a valid file', () => {
    const text = readFixture('sql-kinds/001_schema.sql');
    const scanned = pgScan(text);
    expect(scanned).toBeDefined();
    expect(special(fallbackTokenize(text))).toEqual(special(scanned as SqlToken[]));
  });

  it('the fallback tokenizer nests block comments and runs unterminated tokens to the end', () => {
    const text = "/* a /* b */ c */ x $$ open";
    expect(fallbackTokenize(text).map((token) => token.text)).toEqual(['/* a /* b */ c */', 'x', '$$ open']);
  });

  it('converts UTF-8 byte offsets to UTF-16 offsets', () => {
    const toUtf16 = utf8ToUtf16Offsets('a😀é b');
    // a=1 byte, 😀=4 bytes (2 units), é=2 bytes.
    expect([0, 1, 5, 7, 8, 9].map(toUtf16)).toEqual([0, 1, 3, 4, 5, 6]);
  });
});
