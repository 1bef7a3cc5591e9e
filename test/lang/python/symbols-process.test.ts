import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LspClient } from '../../../src/lang/python/lsp-client.js';
import { createPythonEngine, type PythonSymbolEngine } from '../../../src/lang/python/symbols.js';
import type { SiteQuery } from '../../../src/symbols/model.js';
import { contextOf, copyFixture } from './symbols-fixture.js';

// A stand-in language server: answers `echo` with its params (in two chunks, to split a frame), asks the client
// a question on `ask`, never answers `never`, exits on `die`.
const FAKE_SERVER = `
let buffer = Buffer.alloc(0);
const send = (m) => { const b = Buffer.from(JSON.stringify(m)); const f = Buffer.concat([Buffer.from('Content-Length: ' + b.length + '\\r\\n\\r\\n'), b]);
  process.stdout.write(f.subarray(0, 7)); setTimeout(() => process.stdout.write(f.subarray(7)), 5); };
process.stdin.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf('\\r\\n\\r\\n'); if (end < 0) return;
    const length = Number(/Content-Length: (\\d+)/.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const m = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString()); buffer = buffer.subarray(end + 4 + length);
    if (m.method === 'echo') send({ jsonrpc: '2.0', id: m.id, result: m.params });
    if (m.method === 'ask') send({ jsonrpc: '2.0', id: 'q1', method: 'workspace/configuration', params: { items: [{ section: 'python' }] } });
    if (m.id === 'q1') send({ jsonrpc: '2.0', id: 1, result: { answered: m.result } });
    if (m.method === 'die') process.exit(3);
  }
});`;

describe('the LSP client', () => {
  const child = spawn(process.execPath, ['-e', FAKE_SERVER], { stdio: ['pipe', 'pipe', 'pipe'] });
  const client = new LspClient(child, (method) => (method === 'workspace/configuration' ? [{ pythonPath: 'py' }] : null), 20_000);
  afterAll(() => void child.kill());

  it('frames messages by bytes, not characters, across chunks', async () => {
    expect(await client.request('ask', {})).toEqual({ answered: [{ pythonPath: 'py' }] });
    expect(await client.request('echo', { text: 'sessión_id ✓ 𝄞' })).toEqual({ text: 'sessión_id ✓ 𝄞' });
  });

  it('times a request out instead of waiting forever', async () => {
    await expect(client.request('never', {}, 50)).rejects.toThrow('never timed out after 50 ms');
  });

  it('fails every request at once when the server exits', async () => {
    await expect(client.request('die', {})).rejects.toThrow('the language server exited (code 3)');
    await expect(client.request('echo', {})).rejects.toThrow('the language server exited (code 3)');
  });
});

/** One real server: it starts lazily, and a crash is an answer, never a hang. */
describe('python symbols: the pyright process', () => {
  const dir = copyFixture('symbols-py-collision');
  const file = path.join(dir, 'services/validation.py');
  const text = readFileSync(file, 'utf8');
  const site = (needle: string): SiteQuery => {
    const start = text.indexOf(needle);
    return { file, start, end: start + needle.length, text: needle, kind: 'parameter' };
  };
  let engine: PythonSymbolEngine | undefined;
  afterAll(() => engine?.dispose());

  it('starts no server for sites syntax settles (comments, free strings), then one for the first name', async () => {
    const prose = '# session_id\nx = "session_id"\n';
    engine = await createPythonEngine({ ...contextOf(dir), textOf: (path) => (path.endsWith('prose.py') ? prose : readFileSync(path, 'utf8')) });
    const comment = { file: path.join(dir, 'prose.py'), start: 2, end: 12, text: 'session_id', kind: 'comment' as const };
    expect(await engine.bind([comment, { ...comment, start: 19, end: 29, kind: 'string' }])).toEqual([{ kind: 'unbound' }, { kind: 'unbound' }]);
    expect(engine.stats()).toEqual({ requests: 0 });
    const [first] = await engine.bind([site('session_id')]);
    expect(first).toMatchObject({ kind: 'symbol', owner: 'project' });
    expect(engine.stats()).toMatchObject({ pid: expect.any(Number), startMs: expect.any(Number), requests: expect.any(Number) });
  });

  it('turns a crash into unknown bindings with the reason, and disposes of the dead server', async () => {
    process.kill(engine!.stats().pid!, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // A new bind() starts from an empty table, so it must ask the (dead) server again.
    const [second] = await engine!.bind([site('path')]);
    // Which comes first, the exit event or the failed write to its stdin, is up to the OS.
    expect(second).toEqual({ kind: 'unknown', reason: expect.stringMatching(/^pyright failed: (the language server exited \(SIGKILL\)|cannot write to the language server)/) });
    await engine!.dispose();
  });
});
