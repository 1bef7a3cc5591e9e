import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandIO } from '../../src/cli/io.js';
import { progressReporter, scanProgress, showsProgress } from '../../src/cli/output.js';
import { BIN, FIXTURES } from '../helpers/cli.js';

function fakeIO(overrides: Partial<CommandIO> = {}): CommandIO & { err: () => string } {
  let err = '';
  return { cwd: '/', env: {}, stdout: () => {}, stderr: (t) => void (err += t), isTTY: false, stderrIsTTY: true, err: () => err, ...overrides };
}

describe('showsProgress: stderr decides, not stdout', () => {
  it.each([
    ['stderr a terminal, stdout redirected', {}, {}, true],
    ['both terminals, text report', { isTTY: true }, { format: 'text' }, true],
    ['stderr not a terminal', { stderrIsTTY: false, isTTY: true }, {}, false],
    ['CI set', { env: { CI: 'true' } }, {}, false],
    ['CI=false', { env: { CI: 'false' } }, {}, true],
    ['json to a terminal stdout', { isTTY: true }, { format: 'json' }, false],
    ['sarif to a terminal stdout', { isTTY: true }, { format: 'sarif' }, false],
    ['json to a terminal, but --output FILE', { isTTY: true }, { format: 'json', toFile: true }, true],
    ['json with stdout redirected', {}, { format: 'json' }, true],
  ] as const)('%s', (_name, io, options, expected) => {
    expect(showsProgress(fakeIO(io as Partial<CommandIO>), options)).toBe(expected);
  });
});

describe('progressReporter', () => {
  afterEach(() => vi.useRealTimers());

  it('names a phase at once, counts after 400 ms, and clears its line', () => {
    vi.useFakeTimers();
    const io = fakeIO();
    const quiet = progressReporter(io, 'writing');
    quiet.update(1, 10);
    expect(io.err()).toBe('');
    vi.advanceTimersByTime(500);
    quiet.update(2, 10);
    expect(io.err()).toBe('\rwriting 2/10 files…\x1b[K');
    quiet.done();
    expect(io.err()).toMatch(/\r\x1b\[K$/);
  });

  it('scanProgress: discovery, reading n/N, then the analysis', () => {
    const io = fakeIO();
    const progress = scanProgress(io, { after: 'parsing' });
    progress.onProgress(3, 9);
    progress.onProgress(9, 9);
    progress.done();
    expect(io.err()).toBe('\rdiscovering files…\x1b[K\rreading 3/9 files…\x1b[K\rread 9 files; parsing…\x1b[K\r\x1b[K');
  });

  it('prints nothing without a terminal on stderr', () => {
    const io = fakeIO({ stderrIsTTY: false, isTTY: true });
    const progress = scanProgress(io);
    progress.onProgress(1, 2);
    progress.done();
    expect(io.err()).toBe('');
  });
});

// A pseudo-terminal (util-linux `script`): the command's stderr is a terminal; stdout is redirected or not.
const tmp = mkdtempSync(path.join(tmpdir(), 'renamer-progress-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const hasScript = spawnSync('script', ['--version']).status === 0;
const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

function inTerminal(args: readonly string[], redirect: string | undefined, env: Record<string, string> = {}) {
  const command = `${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}${redirect ? ` > ${quote(redirect)}` : ''}`;
  const result = spawnSync('script', ['-qfec', command, '/dev/null'], {
    cwd: path.join(FIXTURES, 'example-app'),
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', CI: '', ...env },
  });
  return { code: result.status, terminal: result.stdout };
}

describe.skipIf(!hasScript)('progress in a real terminal', () => {
  const PLAN = ['--from', 'session_id', '--to', 'flow_id'];

  it.each([['scan'], ['check']])('%s: shown on stderr while stdout goes to a file', (command) => {
    const out = path.join(tmp, `${command}.txt`);
    const run = inTerminal([command, ...PLAN], out);
    expect(run.terminal).toContain('discovering files…');
    expect(run.terminal).toMatch(/read \d+ files; parsing…/);
    expect(run.terminal).toMatch(/\r\x1b\[K/);
    expect(readFileSync(out, 'utf8')).not.toContain('discovering');
  });

  it('apply --dry-run: discovery, reading, resolving symbols and binding, on stderr while the diff goes to a file', () => {
    const out = path.join(tmp, 'apply.txt');
    const run = inTerminal(['apply', '--dry-run', ...PLAN], out);
    expect(run.terminal).toContain('discovering files…');
    expect(run.terminal).toMatch(/read \d+ files; resolving symbols…/);
    expect(run.terminal).toMatch(/binding/);
    expect(readFileSync(out, 'utf8')).toContain('--- a/');
    expect(readFileSync(out, 'utf8')).not.toContain('discovering');
  });

  it('imports: discovery, then the resolution of the imports', () => {
    const run = inTerminal(['imports'], path.join(tmp, 'imports.txt'));
    expect(run.terminal).toContain('discovering files…');
    expect(run.terminal).toMatch(/resolving the imports of \d+ files…/);
  });

  it('not in CI', () => {
    const run = inTerminal(['scan', ...PLAN], path.join(tmp, 'ci.txt'), { CI: 'true' });
    expect(run.code).toBe(0);
    expect(run.terminal).toBe('');
  });

  it('not beside a machine format printed to the terminal, but beside one written to a file', () => {
    const printed = inTerminal(['scan', ...PLAN, '--format', 'json'], undefined);
    expect(printed.terminal).not.toContain('discovering');
    expect(JSON.parse(printed.terminal.replace(/\r\n/g, '\n')).version).toBe(1);
    const toFile = inTerminal(['scan', ...PLAN, '--format', 'sarif', '--output', path.join(tmp, 'r.sarif')], undefined);
    expect(toFile.terminal).toContain('discovering files…');
  });
});
