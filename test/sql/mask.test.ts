import { describe, expect, it } from 'vitest';
import { connectionSecrets, maskConnectionString, maskSecrets, parseKeywordString } from '../../src/sql/mask.js';

describe('maskConnectionString: every shape pg-connection-string accepts', () => {
  it.each([
    ['postgres://u:SECRET@h:5432/db', 'postgres://u:***@h:5432/db'],
    ['postgresql://u:p%40SECRET@h/db', 'postgresql://u:***@h/db'],
    ['postgres://u@h/db?password=SECRET', 'postgres://u@h/db?password=***'],
    ['postgres://u@h/db?sslmode=require&password=SECRET&application_name=x', 'postgres://u@h/db?sslmode=require&password=***&application_name=x'],
    ['postgres://u:ONE@h/db?PassWord=TWO&sslpassword=THREE', 'postgres://u:***@h/db?PassWord=***&sslpassword=***'],
    ['u:SECRET@h:5432/db', 'u:***@h:5432/db'],
    ['//u:SECRET@h/db', '//u:***@h/db'],
    ['postgres://u:SE#CR/ET@h/db', 'postgres://u:***@h/db'],
    ['postgres://u:SECRET@[h/db', 'postgres://u:***@[h/db'],
    ['host=h port=5432 password=SECRET dbname=db', 'host=h port=5432 password=*** dbname=db'],
    ["host=h password = 'SE CR\\'ET' user=u", 'host=h password = *** user=u'],
    ["host=h password='SECRET", 'host=h password=***'],
    ['postgres://u@h:5432/db?application_name=a@b', 'postgres://u@h:5432/db?application_name=a@b'],
    ['/var/run/postgresql db', '/var/run/postgresql db'],
  ])('%s', (input, masked) => {
    expect(maskConnectionString(input)).toBe(masked);
  });
});

describe('maskSecrets: a message never shows a secret in any spelling', () => {
  it('masks the raw, decoded and re-encoded password of a URL', () => {
    const url = 'postgres://u:p%40SE%20CRET@h/db';
    const message = `could not connect to ${url}: password "p@SE CRET" rejected (p%40SE%20CRET, p@SE%20CRET)`;
    const masked = maskSecrets(message, [url]);
    expect(masked).not.toMatch(/SE.{0,3}CRET/);
    expect(masked).toContain('postgres://u:***@h/db');
  });

  it('masks a quoted keyword value as typed and unescaped', () => {
    const input = "host=h password='it\\'s SECRET'";
    const masked = maskSecrets(`database "${input}" does not exist; password it's SECRET`, [input]);
    expect(masked).not.toContain('SECRET');
    expect(connectionSecrets(input)).toContain("it's SECRET");
  });

  it('masks a query password decoded as a form value (+ is a space)', () => {
    expect(maskSecrets('password SE CRET was wrong', ['postgres://h/db?password=SE+CRET'])).toBe('password *** was wrong');
  });

  it('leaves messages alone when there is no secret', () => {
    expect(maskSecrets('connect ECONNREFUSED 127.0.0.1:1', ['postgres://u@127.0.0.1:1/db', undefined, '--drop'])).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });
});

describe('parseKeywordString', () => {
  it('reads bare and quoted values with escapes, spaces around =', () => {
    expect(parseKeywordString("host = h  dbname=d password='a b\\\\c\\'d'")?.map(({ key, value }) => [key, value])).toEqual([
      ['host', 'h'],
      ['dbname', 'd'],
      ['password', "a b\\c'd"],
    ]);
  });
  it('refuses an unterminated quote or a word without =', () => {
    expect(parseKeywordString("password='x")).toBeUndefined();
    expect(parseKeywordString('host=h oops')).toBeUndefined();
  });
});
