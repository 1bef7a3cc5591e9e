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
async function contractsIn(fixture: string, file: string): Promise<Record<string, string | undefined>> {
  const text = readFileSync(path.join(FIXTURES, fixture, file), 'utf8');
  const tree = (await loadParser(file.endsWith('.py') ? 'python' : grammarFor(file))).parse(text)!;
  try {
    const segments = routeSegments(filesOf(fixture));
    const lines = new LineIndex(text);
    const result: Record<string, string | undefined> = {};
    for (const { start, end, text: matched } of createMatcher([{ from: 'session_id', to: 'flow_id' }]).matchAll(text)) {
      const { line, column } = lines.position(start);
      result[`${line}:${column} ${matched}`] = externalContractOf({ start, end, path: file, tree, routeSegments: segments });
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
    expect(all['4:64 session_id']).toBeUndefined(); // { session_id: sessionId }: the project's own payload key
    expect(all['7:25 session_id']).toBeUndefined(); // localStorage.setItem('session_id', …)
    expect(all['8:44 sessionId']).toBeUndefined(); // `import_session_${sessionId}`
    expect(all['11:16 Session-Id']).toBeUndefined(); // 'Your Session-Id expired. Please sign in again.'
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
    expect(all['6:81 session_id']).toBeUndefined(); // json={"session_id": …}
    expect(all['7:35 session_id']).toBeUndefined(); // f"import_session_{session_id}"
    expect(all['8:72 session-id']).toBeUndefined(); // a free "session-id"
  });
});
