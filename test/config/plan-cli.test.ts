import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CommandIO } from '../../src/cli/io.js';

// The plan as the commands see it (src/config is where it is validated), run in-process like test/rewrite does.
const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `renamer-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

async function renamer(cwd: string, args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CommandIO = { cwd, env: { NO_COLOR: '1' }, isTTY: false, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

interface JsonReference {
  readonly file: string;
  readonly text: string;
  readonly replacement: unknown;
}
const referencesOf = (stdout: string): JsonReference[] => (JSON.parse(stdout) as { references: JsonReference[] }).references;

describe('names with digits through the commands', () => {
  it('check finds every style of s3_bucket and fails', async () => {
    const run = await renamer(path.join(FIXTURES, 'matcher-digits'), ['check', '--from', 's3_bucket', '--to', 'storage_bucket', '--format', 'json']);
    expect(run.code).toBe(1);
    const texts = new Set(referencesOf(run.stdout).map((reference) => reference.text));
    expect([...texts].sort()).toEqual(['S3Bucket', 'S3_BUCKET', 's3Bucket', 's3_bucket']);
  });
});

describe('--from without --to', () => {
  const cwd = path.join(FIXTURES, 'matcher-digits');

  it('is enough for scan and check, whose reports name no replacement', async () => {
    const scan = await renamer(cwd, ['scan', '--from', 's3_bucket', '--format', 'json']);
    expect(scan.code).toBe(0);
    expect(referencesOf(scan.stdout).length).toBeGreaterThan(8);
    for (const reference of referencesOf(scan.stdout)) expect(reference.replacement).toBeNull();
    const check = await renamer(cwd, ['check', '--from', 's3_bucket']);
    expect(check.code).toBe(1);
    expect(check.stderr).toBe('');
    expect((await renamer(cwd, ['check', '--from', 'flow_id'])).code).toBe(0);
  });

  it('is refused by apply', async () => {
    const run = await renamer(cwd, ['apply', '--from', 's3_bucket', '--dry-run']);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'renamer apply: --from needs --to\n' });
  });
});

describe('invalid new names exit 2 with one line', () => {
  const cwd = path.join(FIXTURES, 'matcher-digits');
  it.each([
    [['apply', '--from', 's3_bucket', '--to', 'class'], 'renamer apply: --to: "class" is a reserved word in TypeScript/JavaScript and Python\n'],
    [['apply', '--from', 's3_bucket', '--to', 'def'], 'renamer apply: --to: "def" is a reserved word in Python\n'],
    [['check', '--from', 's3_bucket', '--to', '2fa'], 'renamer check: --to: "2fa" is not a valid identifier in TypeScript/JavaScript and Python (it starts with a digit)\n'],
    [['scan', '--from', 's3_bucket', '--to', 'S3Bucket'], 'renamer scan: --from and --to: "s3_bucket" and "S3Bucket" are the same name (renamer keeps each site\'s style); nothing to rename\n'],
  ])('%j', async (args, stderr) => {
    expect(await renamer(cwd, args)).toEqual({ code: 2, stdout: '', stderr });
  });
});

describe('a new name that holds the old one (user → app_user)', () => {
  it('is applied once, file names too: a second apply changes nothing and check passes', async () => {
    const dir = copyFixture('matcher-app-user');
    const plan = ['--from', 'user', '--to', 'app_user'];
    const first = await renamer(dir, ['apply', ...plan, '--files', '--allow-dirty']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'src/user.ts'))).toBe(false);
    const once = readFileSync(path.join(dir, 'src/app_user.ts'), 'utf8');
    expect(once).toBe(
      "export function getAppUser(app_user: string): string {\n  const APP_USER_PREFIX = 'app_user:';\n  return APP_USER_PREFIX + app_user;\n}\n",
    );
    expect((await renamer(dir, ['apply', ...plan, '--files', '--allow-dirty'])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'src/app_user.ts'), 'utf8')).toBe(once);
    expect(existsSync(path.join(dir, 'src/app_app_user.ts'))).toBe(false);
    const check = await renamer(dir, ['check', ...plan]);
    expect(check.code).toBe(0);
  });
});

describe("renamer's own files", () => {
  it('are never read as sources nor rewritten, with kinds +text', async () => {
    const dir = copyFixture('matcher-own-files');
    const config = readFileSync(path.join(dir, 'renamer.config.json'), 'utf8');
    const baseline = readFileSync(path.join(dir, 'renamer-baseline.json'), 'utf8');
    const scan = await renamer(dir, ['scan', '--format', 'json']);
    expect(referencesOf(scan.stdout).map((reference) => reference.file)).toEqual(['notes.md']);

    const applied = await renamer(dir, ['apply', '--allow-dirty']);
    expect(applied.code).toBe(0);
    expect(readFileSync(path.join(dir, 'notes.md'), 'utf8')).toBe('Every request carries a flow_id.\n');
    expect(readFileSync(path.join(dir, 'renamer.config.json'), 'utf8')).toBe(config);
    expect(readFileSync(path.join(dir, 'renamer-baseline.json'), 'utf8')).toBe(baseline);
    expect((await renamer(dir, ['check'])).code).toBe(0);
  });

  it('include the --config file, whatever its name', async () => {
    const dir = copyFixture('matcher-own-files');
    const custom = '{ "renames": [{ "from": "session_id", "to": "flow_id" }], "kinds": ["+text"] }\n';
    writeFileSync(path.join(dir, 'rename-plan.json'), custom);
    expect((await renamer(dir, ['apply', '--allow-dirty', '--config', 'rename-plan.json'])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'rename-plan.json'), 'utf8')).toBe(custom);
    expect((await renamer(dir, ['check', '--config', 'rename-plan.json'])).code).toBe(0);
  });

  it("leave check's baseline out of the gate and out of apply, whatever its name", async () => {
    const dir = copyFixture('matcher-own-files');
    expect((await renamer(dir, ['check', '--update-baseline', 'gate.json'])).code).toBe(0);
    const gate = readFileSync(path.join(dir, 'gate.json'), 'utf8');
    expect(gate).toContain('session_id');
    writeFileSync(path.join(dir, 'more.md'), 'A second session_id.\n');
    const run = await renamer(dir, ['check', '--baseline', 'gate.json', '--format', 'json']);
    expect(referencesOf(run.stdout).map((reference) => reference.file)).toEqual(['more.md', 'notes.md']);
    expect(run.code).toBe(1);
    expect((await renamer(dir, ['apply', '--allow-dirty'])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'gate.json'), 'utf8')).toBe(gate);
  });
});
