import { describe, expect, it } from 'vitest';
import { pgliteExtensions } from '../../src/sql/connect.js';
import { parseSync } from 'libpg-query';
import { parseColumnName, parseRenameFlag, quoteIdent, quoteLiteral } from '../../src/sql/index.js';
import { removeColumnFromView, loadSqlParser } from '../../src/sql/view-rewrite.js';
import { maskUrl } from '../../src/sql/session.js';

describe('quoteIdent', () => {
  it('leaves plain lower-case names readable and quotes everything else', () => {
    expect(quoteIdent('session_id')).toBe('session_id');
    expect(quoteIdent('flow_id2$')).toBe('flow_id2$');
    expect(quoteIdent('user')).toBe('"user"');
    expect(quoteIdent('order')).toBe('"order"');
    expect(quoteIdent('SessionId')).toBe('"SessionId"');
    expect(quoteIdent('2fa')).toBe('"2fa"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteIdent('x; DROP TABLE y')).toBe('"x; DROP TABLE y"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
  });

  it('round-trips hostile names through the real parser as one identifier', async () => {
    await loadSqlParser();
    for (const name of ['user', 'Sess"ion Id', 'a;b', "it's", 'select', 'x y', 'ünïcode']) {
      const tree = parseSync(`SELECT ${quoteIdent(name)} FROM t`) as any;
      const fields = tree.stmts[0].stmt.SelectStmt.targetList[0].ResTarget.val.ColumnRef.fields;
      expect(fields.map((f: any) => f.String.sval)).toEqual([name]);
    }
  });
});

describe('plan names fold as SQL does', () => {
  it('folds unquoted parts and keeps quoted ones exact', () => {
    expect(parseColumnName('Assets.Session_ID', 'x')).toMatchObject({ table: 'assets', column: 'session_id' });
    expect(parseColumnName('audit."Access.Log"."SessionId"', 'x')).toMatchObject({ schema: 'audit', table: 'Access.Log', column: 'SessionId' });
    expect(parseColumnName('"we""ird; table"."session id"', 'x')).toMatchObject({ table: 'we"ird; table', column: 'session id' });
    expect(parseRenameFlag('llm_usage_logs.session_id=flow_id')).toMatchObject({ action: 'rename', to: 'flow_id' });
  });
  it('names the flag and value at fault', () => {
    expect(() => parseColumnName('a.b.c.d', '--keep')).toThrow(/--keep: "a.b.c.d" must be table.column/);
    expect(() => parseColumnName('"open.x', '--drop')).toThrow(/--drop: unterminated quote/);
    expect(() => parseColumnName('my table.x', '--drop')).toThrow(/quote parts with spaces/);
    expect(() => parseRenameFlag('a.b')).toThrow(/--rename-column: "a.b" must be table.column=new_name/);
  });
});

describe('maskUrl', () => {
  it('hides the password, keeps the rest', () => {
    expect(maskUrl('postgres://app:p%40ss@db:5432/x')).toBe('postgres://app:***@db:5432/x');
    expect(maskUrl('postgres://app@db/x')).toBe('postgres://app@db/x');
  });
});

describe('removeColumnFromView', () => {
  it('drops only the select-list entry, keeping expressions with commas intact', async () => {
    await loadSqlParser();
    const def = ' SELECT a.id,\n    coalesce(a.name, \'x\'::text) AS name,\n    a.session_id AS sid\n   FROM public.assets a\n  WHERE a.id > 0;';
    const r = removeColumnFromView(def, 'assets', 'session_id');
    expect(r).toEqual({ ok: true, removed: ['sid'], definition: " SELECT a.id,\n    coalesce(a.name, 'x'::text) AS name\n   FROM public.assets a\n  WHERE a.id > 0;" });
    expect(removeColumnFromView(' SELECT id FROM assets WHERE session_id IS NULL;', 'assets', 'session_id')).toMatchObject({ ok: false });
    expect(removeColumnFromView(' SELECT session_id FROM assets;', 'assets', 'session_id')).toMatchObject({ ok: false });
  });
});

describe('pgliteExtensions', () => {
  it('finds the contrib extensions a dump creates that PGlite ships, and only those', () => {
    const dump = ['CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;', 'create extension "uuid-ossp";\nCREATE EXTENSION postgis;'];
    expect(pgliteExtensions(dump)).toEqual(['pg_trgm', 'uuid-ossp']);
  });
});
