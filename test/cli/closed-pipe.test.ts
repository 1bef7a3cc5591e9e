import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, FIXTURES, runCli, runCliIntoClosedPipe } from '../helpers/cli.js';

/**
 * `renamer ... | head`: the reader goes away before renamer prints. What is left is dropped, and the command ends
 * with its own exit code and no stack trace (it used to die of an uncaught EPIPE, exit code 1).
 */

const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('stdout closed by its reader', () => {
  it('scan finishes with exit code 0 and prints nothing about the pipe', async () => {
    const run = await runCliIntoClosedPipe(['scan', '--from', 'session_id', '--to', 'flow_id'], path.join(FIXTURES, 'example-app'));
    expect(run).toEqual({ code: 0, stderr: '' });
  });

  it('check still fails the gate with exit code 1, with nothing on stderr', async () => {
    const dir = copyFixture('example-app');
    copies.push(dir);
    const run = await runCliIntoClosedPipe(['check', '--from', 'session_id', '--to', 'flow_id', '--format', 'json'], dir);
    expect(run).toEqual({ code: 1, stderr: '' });
  });

  it('apply writes what it writes with stdout open, and exits as it does', async () => {
    const [piped, open] = [copyFixture('example-app'), copyFixture('example-app')];
    copies.push(piped, open);
    const args = ['apply', '--config', 'renamer.config.json'];
    const run = await runCliIntoClosedPipe(args, piped);
    const reference = runCli(args, open);
    expect(run).toEqual({ code: reference.code, stderr: reference.stderr });
    const sources = (dir: string) =>
      readdirSync(path.join(dir, 'src'), { recursive: true, encoding: 'utf8' })
        .map((file) => path.join(dir, 'src', file))
        .filter((file) => statSync(file).isFile())
        .sort()
        .map((file) => [path.relative(dir, file), readFileSync(file, 'utf8')]);
    expect(sources(piped)).toEqual(sources(open));
    expect(sources(piped)).not.toEqual(sources(path.join(FIXTURES, 'example-app')));
  });
});
