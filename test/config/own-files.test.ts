import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/config/resolve.js';
import { discoverFiles } from '../../src/discover/discover.js';

const BASELINE = '{\n  "version": 1,\n  "tool": "renamer check",\n  "total": 0,\n  "references": []\n}\n';

function tree(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'renamer-own-'));
  mkdirSync(path.join(dir, 'sub'));
  writeFileSync(path.join(dir, 'renamer.config.json'), '{ "renames": { "session_id": "flow_id" } }\n');
  writeFileSync(path.join(dir, 'sub', 'renamer.config.json'), '{}\n');
  writeFileSync(path.join(dir, 'plan.json'), '{ "renames": { "session_id": "flow_id" } }\n');
  writeFileSync(path.join(dir, 'gate.json'), BASELINE);
  writeFileSync(path.join(dir, 'gate.txt'), BASELINE);
  writeFileSync(path.join(dir, 'data.json'), '{ "version": 1, "session_id": 2 }\n');
  writeFileSync(path.join(dir, 'app.py'), 'session_id = 1\n');
  return dir;
}

const listed = (dir: string, options: { paths?: string[]; ownFiles?: string[] }) =>
  discoverFiles({ cwd: dir, paths: options.paths ?? [dir], include: [], exclude: [], ownFiles: options.ownFiles ?? [] }).files.map((file) => file.path);

describe("discovery leaves out renamer's own files", () => {
  it('the plan records its config file and the baselines it is given', () => {
    const dir = tree();
    expect(resolveOptions(dir, { ownFiles: ['gate.txt'] }).ownFiles).toEqual([path.join(dir, 'renamer.config.json'), path.join(dir, 'gate.txt')]);
    expect(resolveOptions(dir, { config: 'plan.json' }).ownFiles).toEqual([path.join(dir, 'plan.json')]);
  });

  it('skips every renamer.config.json, the named files and JSON files that start like a baseline', () => {
    const dir = tree();
    expect(listed(dir, {})).toEqual(['app.py', 'data.json', 'gate.txt', 'plan.json']);
    expect(listed(dir, { ownFiles: [path.join(dir, 'plan.json'), path.join(dir, 'gate.txt')] })).toEqual(['app.py', 'data.json']);
  });

  it('skips them even when a path names them', () => {
    const dir = tree();
    expect(listed(dir, { paths: [path.join(dir, 'renamer.config.json'), path.join(dir, 'gate.json'), path.join(dir, 'app.py')] })).toEqual(['app.py']);
  });

  it('lists everything for a caller that is not scanning a plan', () => {
    const dir = tree();
    expect(discoverFiles({ cwd: dir, paths: [dir], include: [], exclude: [] }).files).toHaveLength(7);
  });
});
