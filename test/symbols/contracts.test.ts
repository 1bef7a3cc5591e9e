import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/findings/positions.js';
import { loadParser } from '../../src/lang/tree-sitter.js';
import { grammarFor } from '../../src/lang/typescript/index.js';
import { externalContractOf, routeSegments } from '../../src/symbols/contracts.js';
import { createMatcher } from '../../src/words/index.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
const filesOf = (fixture: string): string[] =>
  (readdirSync(path.join(FIXTURES, fixture), { recursive: true }) as string[]).map((file) => file.split(path.sep).join('/')).filter((file) => /\.(tsx?|py)$/.test(file)).sort();

/** Every match of session_id in a fixture file, as `line:column text` → the reason it is external (or undefined). */
async function contractsIn(
  fixture: string,
  file: string,
  pythonNames?: ReadonlySet<string>,
  snakeNames?: ReadonlySet<string>,
): Promise<Record<string, string | undefined>> {
  const text = readFileSync(path.join(FIXTURES, fixture, file), 'utf8');
  const tree = (await loadParser(file.endsWith('.py') ? 'python' : grammarFor(file))).parse(text)!;
  try {
    const segments = routeSegments(filesOf(fixture));
    const lines = new LineIndex(text);
    const result: Record<string, string | undefined> = {};
    for (const { start, end, text: matched } of createMatcher([{ from: 'session_id', to: 'flow_id' }]).matchAll(text)) {
      const { line, column } = lines.position(start);
      result[`${line}:${column} ${matched}`] = externalContractOf({ start, end, path: file, tree, routeSegments: segments, pythonNames, snakeNames });
    }
    return result;
  } finally {
    tree.delete();
  }
}

describe('routeSegments', () => {
  it('reads the dynamic segments of file-system routes in the fixtures', () => {
    expect([...routeSegments(filesOf('contracts-nextjs'))].sort()).toEqual(['projectId', 'sessionId']);
    expect([...routeSegments(filesOf('contracts-remix'))]).toEqual(['sessionId']);
    expect([...routeSegments(filesOf('contracts-sveltekit'))]).toEqual(['sessionId']);
    expect([...routeSegments(filesOf('contracts-python'))]).toEqual([]);
  });

  it('knows catch-all, optional and matcher segments, and Remix folders and optional parts', () => {
    const files = [
      'web/src/pages/docs/[...slug].tsx',
      'app/shop/[[...filters]]/page.tsx',
      'src/routes/items/[id=integer]/+page.server.ts',
      'app/routes/($lang).blog.$postId.tsx',
      'app/routes/users/$userId/index.tsx',
      'app/routes/files.$.tsx',
      '/home/me/project/src/app/(marketing)/@modal/[photoId]/page.tsx',
    ];
    expect([...routeSegments(files)].sort()).toEqual(['filters', 'id', 'lang', 'photoId', 'postId', 'slug', 'userId']);
  });

  it('ignores brackets and dollars outside route folders, and dependencies', () => {
    expect([...routeSegments(['src/components/[legacy].tsx', 'src/lib/$store.ts', 'node_modules/x/pages/[id].js', 'web/node_modules/x/app/[id]/page.js'])]).toEqual([]);
  });
});

/** Only the matches that are external, with their reasons; every other match must be undefined. */
async function externalIn(fixture: string, file: string): Promise<Record<string, string>> {
  const all = await contractsIn(fixture, file);
  return Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The match at `key` exists (the key is spelled right) and is not an external contract. */
function expectMatchedNotExternal(all: Record<string, string | undefined>, key: string): void {
  expect(Object.keys(all)).toContain(key);
  expect(all[key]).toBeUndefined();
}

const OWN_ROUTE = "sessionId is a route parameter: this file's path defines it";
const ANY_ROUTE = 'sessionId is a route parameter a file-system route defines';

describe('externalContractOf: route segments (issue 9, case 6)', () => {
  it('a Next.js API route reading the parameter its file name defines', async () => {
    expect(await externalIn('contracts-nextjs', 'pages/api/sessions/[sessionId].ts')).toEqual({
      '5:11 sessionId': OWN_ROUTE, // const { sessionId } = req.query;
      '6:36 sessionId': OWN_ROUTE, // req.query.sessionId
      '7:22 Session-Id': "'Mcp-Session-Id' is shaped like a protocol name (an HTTP header)",
    });
  });

  it('a Next.js page reading router.query, and an app-router page awaiting params', async () => {
    expect(await externalIn('contracts-nextjs', 'pages/project/[projectId]/sessions/[sessionId].tsx')).toEqual({
      '5:34 sessionId': OWN_ROUTE, // router.query.sessionId
      '6:11 sessionId': OWN_ROUTE, // const { sessionId: fromQuery } = router.query;
    });
    expect(await externalIn('contracts-nextjs', 'app/sessions/[sessionId]/page.tsx')).toEqual({ '2:11 sessionId': OWN_ROUTE });
  });

  it("route hooks and route path strings outside route files; a variable named params is not a route's", async () => {
    expect(await externalIn('contracts-nextjs', 'src/components/SessionLink.tsx')).toEqual({
      '8:40 sessionId': ANY_ROUTE, // searchParams.get('sessionId'), searchParams = useSearchParams()
      '9:26 sessionId': ANY_ROUTE, // params.sessionId, params = useParams()
      '12:61 sessionId': "'/project/[projectId]/sessions/[sessionId]' names the route segment [sessionId], which a file name defines",
    });
  });

  it('Remix: loader params, useParams and route ids', async () => {
    expect(await externalIn('contracts-remix', 'app/routes/sessions.$sessionId.tsx')).toEqual({
      '5:30 sessionId': OWN_ROUTE,
      '9:11 sessionId': OWN_ROUTE,
      '10:55 sessionId': "'routes/sessions.$sessionId' names the route segment $sessionId, which a file name defines",
    });
  });

  it('SvelteKit: load params and route ids; a path the project builds itself is not a contract', async () => {
    expect(await externalIn('contracts-sveltekit', 'src/routes/sessions/[sessionId]/+page.ts')).toEqual({ '3:68 sessionId': OWN_ROUTE });
    expect(await externalIn('contracts-sveltekit', 'src/lib/links.ts')).toEqual({
      '1:42 sessionId': "'/sessions/[sessionId]' names the route segment [sessionId], which a file name defines",
      '3:39 sessionId': "'/legacy/:sessionId' names the route segment :sessionId, which a file name defines",
    });
  });
});

describe('externalContractOf: protocol names and reserved keys', () => {
  it('TypeScript: header-shaped strings, header names by position, $-prefixed keys; not storage keys or prose', async () => {
    const all = await contractsIn('contracts-nextjs', 'src/lib/analytics.ts');
    expect(Object.fromEntries(Object.entries(all).filter(([, reason]) => reason))).toEqual({
      '4:41 session_id': "'$session_id' is a $-prefixed key reserved by a third-party API", // { $session_id: sessionId }
      '5:33 session_id': "'$session_id' is a $-prefixed key reserved by a third-party API", // properties['$session_id']
      '9:24 Session-Id': "'X-Session-Id' is shaped like a protocol name (an HTTP header)",
      '9:51 session-id': "'x-session-id' is shaped like a protocol name (an HTTP header)",
      '9:76 session-id': "'session-id-label' is an HTTP header name", // a key of `const headers = {…}`
      '10:44 session-id': "'mcp-session-id' is an HTTP header name", // fetch(url, { headers: { 'mcp-session-id': … } })
    });
    expectMatchedNotExternal(all, '4:64 session_id'); // { session_id: sessionId }: the project's own payload key
    expectMatchedNotExternal(all, '7:25 session_id'); // localStorage.setItem('session_id', …)
    expectMatchedNotExternal(all, '8:44 sessionId'); // `import_session_${sessionId}`
    expectMatchedNotExternal(all, '11:16 Session-Id'); // 'Your Session-Id expired. Please sign in again.'
  });

  it('Python: header dicts and reads, $-prefixed keys; not f-string keys or free strings', async () => {
    const all = await contractsIn('contracts-python', 'app/client.py');
    expect(Object.fromEntries(Object.entries(all).filter(([, reason]) => reason))).toEqual({
      '5:21 Session-Id': "'Mcp-Session-Id' is shaped like a protocol name (an HTTP header)",
      '5:49 session-id': "'x-session-id' is shaped like a protocol name (an HTTP header)",
      '6:34 session-id': "'session-id' is an HTTP header name", // headers={"session-id": …}
      '6:68 session_id': "'$session_id' is a $-prefixed key reserved by a third-party API",
      '8:37 session-id': "'mcp-session-id' is an HTTP header name", // request.headers.get("mcp-session-id")
    });
    expectMatchedNotExternal(all, '6:81 session_id'); // json={"session_id": …}
    expectMatchedNotExternal(all, '7:35 session_id'); // f"import_session_{session_id}"
    expectMatchedNotExternal(all, '8:72 session-id'); // a free "session-id"
  });
});

describe('externalContractOf: environment variables, placeholders and markup (moto, Stripe)', () => {
  it('Python: os.environ keys, getenv and patched environments; upper-snake tokens; XML element names', async () => {
    const all = await contractsIn('contracts-python', 'app/settings.py');
    expect(Object.fromEntries(Object.entries(all).filter(([, reason]) => reason))).toEqual({
      '4:34 SESSION_ID': "'AWS_SESSION_ID' is an environment variable's name", // os.environ["AWS_SESSION_ID"]
      '5:20 session_id': "'session_id_token' is an environment variable's name", // os.getenv("session_id_token")
      '6:36 SESSION_ID': "'SESSION_ID' is an environment variable's name", // mock.patch.dict(os.environ, {"SESSION_ID": …})
      '6:55 session_id': "'session_id_mode' is an environment variable's name",
      '7:32 session_id': "'session_id_mode' is an environment variable's name", // os.environ.get(…)
      '8:25 SessionId': "'<SessionId>' is an element name in a markup string (a wire format)",
      '8:53 SessionId': "'<SessionId>' is an element name in a markup string (a wire format)",
      '8:69 SessionId': "'<SessionId>' is an element name in a markup string (a wire format)", // <soap:SessionId/>
      '9:63 SESSION_ID': "'CHECKOUT_SESSION_ID' is shaped like an environment variable or another system's placeholder",
    });
    expectMatchedNotExternal(all, '4:5 SESSION_ID'); // the variable AWS_SESSION_ID is code, not a name of the environment
    expectMatchedNotExternal(all, '8:40 SESSION_ID'); // {AWS_SESSION_ID} inside the f-string is code
    expectMatchedNotExternal(all, '9:41 session_id'); // ?session_id= in the project's own return URL
    expectMatchedNotExternal(all, '10:12 session_id'); // the project's own payload key
    expectMatchedNotExternal(all, '10:33 SessionId'); // "SessionIdLabel": a key, not markup
    expectMatchedNotExternal(all, '10:54 SessionId'); // "<b>SessionId</b>": text between tags, not an element
    expectMatchedNotExternal(all, '11:13 session-id'); // a custom element's name is the project's
  });

  it("Python: a camel- or Pascal-case word of a string is another system's key, unless the project's code declares it", async () => {
    const all = await contractsIn('contracts-python', 'app/settings.py', new Set(['SessionIdStore', 'session_id']));
    expect(all['12:13 SessionId']).toBe("'SessionId' is spelled as another system spells it: Python code names things in snake_case");
    expect(all['12:33 sessionId']).toBe("'sessionIdToken' is spelled as another system spells it: Python code names things in snake_case");
    expectMatchedNotExternal(all, '12:81 SessionId'); // "app.settings.SessionIdStore" names the project's class
    expectMatchedNotExternal(all, '10:12 session_id');
    // Without the project's names (TypeScript, or a caller that does not know them) the rule is off.
    expectMatchedNotExternal(await contractsIn('contracts-python', 'app/settings.py'), '12:13 SessionId');
  });

  it('TypeScript: process.env and import.meta.env, upper-snake tokens in templates, XML element names', async () => {
    const all = await contractsIn('contracts-nextjs', 'src/lib/environment.ts');
    expect(Object.fromEntries(Object.entries(all).filter(([, reason]) => reason))).toEqual({
      '1:28 SESSION_ID': "SESSION_ID_SECRET is an environment variable's name",
      '1:70 SESSION_ID': "VITE_SESSION_ID is an environment variable's name",
      '2:29 session_id': "'session_id_header' is an environment variable's name",
      '3:67 SESSION_ID': "'CHECKOUT_SESSION_ID' is shaped like an environment variable or another system's placeholder",
      '4:33 SessionId': "'<SessionId>' is an element name in a markup string (a wire format)",
      '4:54 SessionId': "'<SessionId>' is an element name in a markup string (a wire format)",
      '4:68 SessionId': "'<SessionId>' is an element name in a markup string (a wire format)",
      '5:23 SESSION_ID': "'SESSION_ID' is shaped like an environment variable or another system's placeholder",
      '8:27 SESSION_ID': "'CHECKOUT_SESSION_ID' is shaped like an environment variable or another system's placeholder", // in a comment
    });
    expectMatchedNotExternal(all, '8:51 sessionId'); // the comment's other words are prose
    expectMatchedNotExternal(all, '3:46 session_id'); // ?session_id= in the project's own URL
    expectMatchedNotExternal(all, '6:28 session_id'); // `import_session_id_${…}`: a storage key the project builds
    expectMatchedNotExternal(all, '7:25 session-id'); // a custom element's name is the project's
  });

  it("TypeScript: a snake_case member or key is another system's field, unless the run's Python or SQL declares it", async () => {
    const all = await contractsIn('contracts-nextjs', 'src/lib/agent-stream.ts', undefined, new Set());
    const reason = (word: string): string =>
      `'${word}' is spelled as another system spells it: TypeScript names its own members in camelCase, and no Python or SQL of this run declares it`;
    expect(Object.fromEntries(Object.entries(all).filter(([, why]) => why))).toEqual({
      '1:24 session_id': reason('session_id'), // an interface's property
      '1:51 session_id': reason('parent_session_id'),
      '3:11 session_id': reason('session_id'), // a destructured key
      '4:16 session_id': reason('session_id'), // a member read
      '6:23 session_id': reason('session_id'), // an object literal's key
      '7:13 session_id': reason('session_id'), // a class field
    });
    expectMatchedNotExternal(all, '1:72 sessionId'); // camelCase: the project's own spelling
    expectMatchedNotExternal(all, '2:41 session_id'); // a parameter is a variable, not a field
    expectMatchedNotExternal(all, '4:43 session_id');
    expectMatchedNotExternal(all, '6:44 session_id'); // a computed key's template string
    // The run's Python or SQL declares the word: the other side of the payload is renamed in the same run.
    const declared = await contractsIn('contracts-nextjs', 'src/lib/agent-stream.ts', undefined, new Set(['session_id', 'parent_session_id']));
    expect(Object.values(declared).filter(Boolean)).toEqual([]);
    // Without the run's words (a caller that does not know them) the rule is off.
    expect(Object.values(await contractsIn('contracts-nextjs', 'src/lib/agent-stream.ts')).filter(Boolean)).toEqual([]);
  });
});
