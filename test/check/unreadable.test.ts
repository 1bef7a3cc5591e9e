import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, copyFixture, removeCopies, renamer, requireBuild, ROOT } from './helpers.js';

beforeAll(requireBuild);
afterAll(removeCopies);

/**
 * fixtures/gate-unreadable (maxFileSize 600): a latin-1 .py, UTF-16 LE and BE .ts files with a byte-order mark, a .ts
 * with a NUL byte, a .ts over the size limit, each holding the name; beside them files that cannot hold it (a binary
 * .ts without the name's bytes, an oversized one without them) and a binary .md (text is not counted by default).
 */
const FIXTURE = 'gate-unreadable';

interface Skipped {
  file: string;
  reason: string;
  cause: string;
}

async function json(dir: string, ...args: string[]) {
  const run = await check(dir, ...args, '--format', 'json');
  if (run.code === 2) throw new Error(run.stderr);
  return { code: run.code, stderr: run.stderr, report: JSON.parse(run.stdout) as { references: { file: string; line: number; column: number; text: string }[]; errors: { file: string; message: string }[]; skipped?: Skipped[]; check: { passed: boolean; unreadable: number } } };
}

describe('renamer check: the gate never passes on what it could not read', () => {
  it('reads latin-1 and BOM-marked UTF-16 (LE and BE) files, and fails on the references in them at their editor positions', async () => {
    const dir = copyFixture(FIXTURE);
    const { code, report } = await json(dir, '--allow-unreadable');
    expect(code).toBe(1);
    expect(report.references.map((r) => `${r.file}:${r.line}:${r.column} ${r.text}`)).toEqual([
      'src/latin.py:2:11 session_id',
      'src/latin.py:3:12 session_id',
      'src/wide-be.ts:2:14 sessionId',
      'src/wide-le.ts:2:14 sessionId',
    ]);
    expect(report.errors).toEqual([
      { file: 'src/latin.py', message: 'not UTF-8 (read as latin-1); apply leaves it as it is (it writes UTF-8 only)' },
      { file: 'src/wide-be.ts', message: 'UTF-16BE (byte-order mark); apply leaves it as it is (it writes UTF-8 only)' },
      { file: 'src/wide-le.ts', message: 'UTF-16LE (byte-order mark); apply leaves it as it is (it writes UTF-8 only)' },
    ]);
  });

  it('fails on a binary file and a file over the size limit that may hold the name, one line per file with the reason', async () => {
    const dir = copyFixture(FIXTURE);
    const run = await check(dir, '--exclude', 'src/latin.py', '--exclude', 'src/wide-*');
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines.filter((line) => line.includes('(fails the check)'))).toEqual([
      'skipped src/big.ts: larger than 600 bytes (689); not read (fails the check)',
      'skipped src/nul.ts: holds a NUL byte (binary); not read (fails the check)',
    ]);
    expect(run.stdout).toMatch(/renamer check failed: 0 references fail the check, 2 files could not be read\n$/);
    expect(run.stderr).toMatch(/2 files that may hold a retired name could not be read .*--allow-unreadable\n$/);
    // Files that cannot hold the name (no byte of it) are neither listed nor failing.
    expect(run.stdout).not.toMatch(/big-clean|video/);
  });

  it('--allow-unreadable waives them, still listing them', async () => {
    const dir = copyFixture(FIXTURE);
    const run = await check(dir, '--exclude', 'src/latin.py', '--exclude', 'src/wide-*', '--allow-unreadable');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('skipped src/nul.ts: holds a NUL byte (binary); not read\n');
    expect(run.stdout).toMatch(/renamer check passed/);
    expect(run.stderr).toBe('');
  });

  it('JSON: skipped entries gain a cause, the check section counts the unreadable files', async () => {
    const dir = copyFixture(FIXTURE);
    const { code, report } = await json(dir, '--exclude', 'src/latin.py', '--exclude', 'src/wide-*');
    expect(code).toBe(1);
    expect(report.skipped).toEqual([
      { file: 'docs/dump.md', reason: 'holds a NUL byte (binary); not read', cause: 'binary' },
      { file: 'src/big.ts', reason: 'larger than 600 bytes (689); not read', cause: 'too-large' },
      { file: 'src/nul.ts', reason: 'holds a NUL byte (binary); not read', cause: 'binary' },
    ]);
    expect(report.check).toMatchObject({ passed: false, failing: 0, unreadable: 2 });
  });

  it('an allowed file, or a text file while text is not counted, does not fail the gate', async () => {
    const dir = copyFixture(FIXTURE);
    expect((await check(dir, '--exclude', 'src/latin.py', '--exclude', 'src/wide-*', '--allow', 'src/nul.ts', '--allow', 'src/big.ts')).code).toBe(0);
    const withText = await json(dir, '--include', 'docs/**', '--kinds', '+text');
    expect(withText.code).toBe(1);
    expect(withText.report.check.unreadable).toBe(1);
  });

  it('documents --allow-unreadable in --help and in the README\'s flag table for check', async () => {
    const help = await renamer(ROOT, ['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}--allow-unreadable {8}pass even when files that may hold the name could not be read/m);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## `renamer check`'), readme.indexOf('### The gate in CI'));
    expect(table).toMatch(/^\| `--allow-unreadable` \| .+ \|$/m);
  });

  it('markdown and GitHub annotations name each unreadable file', async () => {
    const dir = copyFixture(FIXTURE);
    const scope = ['--exclude', 'src/latin.py', '--exclude', 'src/wide-*'];
    const markdown = await check(dir, ...scope, '--format', 'markdown');
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toMatch(/^### renamer check: failed/);
    expect(markdown.stdout).toContain("- `src/nul.ts`: holds a NUL byte (binary); not read\n");
    const github = await check(dir, ...scope, '--format', 'github');
    expect(github.code).toBe(1);
    expect(github.stdout).toContain('::error file=src/big.ts,title=renamer%3A unreadable file::larger than 600 bytes (689); not read; it may hold a retired name\n');
  });
});

describe('scan and apply list what they could not read', () => {
  it('scan lists the unreadable files under skipped and the decoded files\' references, and exits 0', async () => {
    const dir = copyFixture(FIXTURE);
    const run = await renamer(dir, ['scan', '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { references: { file: string }[]; skipped: Skipped[] };
    expect([...new Set(report.references.map((r) => r.file))]).toEqual(['src/latin.py', 'src/wide-be.ts', 'src/wide-le.ts']);
    expect(report.skipped.map((entry) => `${entry.file} ${entry.cause}`)).toEqual(['docs/dump.md binary', 'src/big.ts too-large', 'src/nul.ts binary']);
  });

  it('apply lists every file it skipped, rewrites none of them, and exits 1', async () => {
    const dir = copyFixture(FIXTURE);
    writeFileSync(path.join(dir, 'src/ok.ts'), 'export const sessionId = 1;\n');
    const before = readFileSync(path.join(dir, 'src/wide-le.ts'));
    const run = await renamer(dir, ['apply', '--dry-run', '--allow-dirty']);
    expect(run.code).toBe(1);
    const summary = run.stdout.slice(run.stdout.indexOf('Skipped:'));
    expect(summary).toBe(
      [
        'Skipped: 6 files could not be read, decoded or parsed; nothing in them was rewritten:',
        '  docs/dump.md: holds a NUL byte (binary); not read',
        '  src/big.ts: larger than 600 bytes (689); not read',
        '  src/latin.py: not UTF-8 (read as latin-1); apply leaves it as it is (it writes UTF-8 only)',
        '  src/nul.ts: holds a NUL byte (binary); not read',
        '  src/wide-be.ts: UTF-16BE (byte-order mark); apply leaves it as it is (it writes UTF-8 only)',
        '  src/wide-le.ts: UTF-16LE (byte-order mark); apply leaves it as it is (it writes UTF-8 only)',
        '',
      ].join('\n'),
    );
    expect(run.stdout).toContain('+export const flowId = 1;');
    expect(run.stdout).not.toMatch(/^\+\+\+ .*(latin|wide|nul|big)/m);
    expect(readFileSync(path.join(dir, 'src/wide-le.ts'))).toEqual(before);
  });
});
