import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { createServerDatabase, readFixture, SERVER_URL } from './helpers.js';
import { openServer } from '../../src/sql/index.js';

// Real connection attempts through the built CLI (a fresh process, so pg's own process warnings show as users see
// them). Port 1 refuses at once, so each attempt fails fast.
const PLAN = ['sql', '--plan', 'fixtures/sql-seed/plan.json'];
const SECRET = /SE.?CR.?ET/;

function expectMaskedFailure(args: readonly string[], env: Record<string, string> = {}) {
  const result = runCli([...PLAN, ...args], ROOT, env);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toMatch(SECRET);
  expect(result.stderr).toMatch(/^renamer sql: /);
  return result.stderr;
}

describe('sql --db never prints a password, whatever the connection string looks like', () => {
  it.each([
    ['a URL password', 'postgres://u:SECRET@127.0.0.1:1/db', 'cannot connect to postgres://u:***@127.0.0.1:1/db'],
    ['a percent-encoded URL password', 'postgres://u:SE%23CR%20ET@127.0.0.1:1/db', 'cannot connect to postgres://u:***@127.0.0.1:1/db'],
    ['a ?password= parameter', 'postgres://u@127.0.0.1:1/db?password=SECRET', 'cannot connect to postgres://u@127.0.0.1:1/db?password=***'],
    ['sslpassword and password parameters', 'postgres://u@127.0.0.1:1/db?sslpassword=SECRET&password=SE_CRET', 'postgres://u@127.0.0.1:1/db?sslpassword=***&password=***'],
    ['a libpq keyword string', 'host=127.0.0.1 port=1 user=u password=SECRET dbname=db', 'cannot connect to host=127.0.0.1 port=1 user=u password=*** dbname=db'],
    ['a quoted keyword value', "host=127.0.0.1 port=1 password='SE CR\\'ET'", 'cannot connect to host=127.0.0.1 port=1 password=***'],
    ['an unterminated quote', "host=127.0.0.1 password='SECRET", 'cannot read "host=127.0.0.1 password=***" as keyword=value pairs'],
    ['a host-first string', 'u:SECRET@127.0.0.1:1/db', '"u:***@127.0.0.1:1/db" must start with postgres://'],
    ['an unparseable URL', 'postgres://u:SE#CRET@127.0.0.1:1/db', '"postgres://u:***@127.0.0.1:1/db" is not a valid URL'],
  ])('%s', (_name, db, message) => {
    const stderr = expectMaskedFailure(['--db', db]);
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--db=VALUE and DATABASE_URL are masked alike', () => {
    expect(expectMaskedFailure(['--db=host=127.0.0.1 port=1 password=SECRET'])).toContain('password=***');
    expect(expectMaskedFailure(['--db'], { DATABASE_URL: 'postgres://u@127.0.0.1:1/db?password=SECRET' })).toContain('--db (DATABASE_URL): cannot connect to postgres://u@127.0.0.1:1/db?password=***');
  });

  it("pg's own sslmode warning is one masked line, not ten", () => {
    const stderr = expectMaskedFailure(['--db', 'postgres://u:SECRET@127.0.0.1:1/db?sslmode=require']);
    expect(stderr).not.toContain('SECURITY WARNING');
    expect(stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^renamer sql: warning: node-postgres treats sslmode=require as verify-full/),
      'renamer sql: --db: cannot connect to postgres://u:***@127.0.0.1:1/db?sslmode=require: connect ECONNREFUSED 127.0.0.1:1',
    ]);
  });
});

describe.skipIf(!SERVER_URL)('sql --db against the live server: the success line is masked', () => {
  it('for a URL with ?password= and for a keyword string', async () => {
    const { url, drop } = await createServerDatabase(SERVER_URL!, 'renamer_connect_mask');
    try {
      const setup = await openServer(url);
      await setup.exec(readFixture('sql-seed', 'schema.sql'));
      await setup.close();
      const server = new URL(url);
      const withParam = new URL(url);
      withParam.searchParams.set('password', 'SECRET');
      const keyword = `host=${server.hostname} port=${server.port || 5432} user=${server.username || 'postgres'} password='SE CRET' dbname=renamer_connect_mask`;
      for (const db of [withParam.toString(), keyword]) {
        const result = runCli([...PLAN, '--verify', '--db', db], ROOT);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).not.toMatch(SECRET);
        expect(result.stdout).toMatch(/^verified on .*password=\*\*\*.*: every step ran and was rolled back$/m);
      }
    } finally {
      await drop();
    }
  });
});
