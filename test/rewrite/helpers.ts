import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CommandIO } from '../../src/cli/io.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

/** A copy of a fixture folder in a fresh temp dir, so that tests can write to it. */
export function copyFixture(relative: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-apply-'));
  cpSync(path.join(FIXTURES, relative), dir, { recursive: true });
  return dir;
}

/** Every file under `dir`, relative with `/`, skipping node_modules. */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name === 'node_modules') return [];
    return entry.isDirectory() ? listFiles(dir, relative) : [relative];
  });
}

export const snapshot = (dir: string): Map<string, string> =>
  new Map(listFiles(dir).map((file) => [file, readFileSync(path.join(dir, file), 'latin1')]));

export const modeOf = (file: string): number => statSync(file).mode & 0o777;

/** Runs `renamer apply` in-process, with colour off, returning exit code and output. */
export async function runApply(cwd: string, args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CommandIO = { cwd, env: { NO_COLOR: '1', ...env }, isTTY: false, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(['apply', ...args], io);
  return { code, stdout, stderr };
}
