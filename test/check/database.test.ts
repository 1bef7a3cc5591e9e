import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, checkJson, copyFixture, requireBuild, removeCopies } from './helpers.js';

beforeAll(requireBuild);
afterAll(removeCopies);

const site = (r: { file: string; line: number; kind: string; databaseColumn?: string; allowed: boolean }) =>
  `${r.file}:${r.line} ${r.kind} ${r.databaseColumn}${r.allowed ? ' (allowed)' : ''}`;

describe('renamer check: cross-check with the database plan', () => {
  it('finds raw SQL strings and ORM column mappings naming a dropped or renamed column (config "database")', async () => {
    const dir = copyFixture('check-database');
    const { code, report } = await checkJson(dir);
    expect(code).toBe(1);
    expect(report.references.map(site)).toEqual([
      'alembic/versions/remove_session_id_cleanup.py:10 sql llm_usage_logs.session_id (allowed)',
      'app/models/asset.py:14 property assets.session_id',
      'app/repositories/asset_repository.py:7 sql assets.session_id',
      'src/db/usage-log.ts:9 string access_audit_log.session_id',
      'src/db/usage-log.ts:14 sql llm_usage_logs.session_id',
    ]);
    const reasons = report.references.map((r) => r.reason);
    expect(reasons[1]).toBe('SQLAlchemy column mapping names column session_id, but the database plan drops assets.session_id');
    expect(reasons[2]).toBe('raw SQL names column session_id, but the database plan drops assets.session_id');
    expect(reasons[3]).toBe('TypeORM column mapping names column session_id, but the database plan drops access_audit_log.session_id');
    expect(reasons[4]).toBe('raw SQL names column session_id, but the database plan renames llm_usage_logs.session_id to flow_id');
  });

  it('leaves alone a kept table, docstrings, comments, JSON keys and the migration\'s op.drop_column', async () => {
    const dir = copyFixture('check-database');
    const { report } = await checkJson(dir);
    const lines = new Set(report.references.map((r) => `${r.file}:${r.line}`));
    for (const quiet of ['app/models/asset.py:8', 'app/models/asset.py:21', 'app/models/asset.py:22', 'app/repositories/asset_repository.py:5', 'app/repositories/asset_repository.py:15', 'app/repositories/asset_repository.py:19', 'alembic/versions/remove_session_id_cleanup.py:8']) {
      expect(lines.has(quiet), quiet).toBe(false);
    }
  });

  it('--plan FILE replaces the config plan', async () => {
    const dir = copyFixture('check-database');
    const { code, report } = await checkJson(dir, '--plan', 'assets-only.plan.json');
    expect(code).toBe(1);
    expect(report.references.map(site)).toEqual(['app/models/asset.py:14 property assets.session_id', 'app/repositories/asset_repository.py:7 sql assets.session_id']);
  });

  it('passes once the code no longer names the column', async () => {
    const dir = copyFixture('check-database');
    writeFileSync(path.join(dir, 'only-audit.plan.json'), JSON.stringify({ drop: ['audit.access_log.legacy_token'] }));
    const run = await check(dir, '--plan', 'only-audit.plan.json');
    expect(run.stdout).toContain('renamer check passed');
    expect(run.code).toBe(0);
  });

  it('counts the cross-check whatever --kinds and --ignore-comments say', async () => {
    const dir = copyFixture('check-database');
    expect((await checkJson(dir, '--kinds', 'class', '--ignore-comments')).report.references.filter((r) => r.failing)).toHaveLength(4);
  });

  it('rejects a malformed plan naming the key at fault', async () => {
    const dir = copyFixture('check-database');
    writeFileSync(path.join(dir, 'bad.plan.json'), JSON.stringify({ drop: ['session_id'] }));
    const run = await check(dir, '--plan', 'bad.plan.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/database plan "drop": "session_id" is not "table\.column"/);
    writeFileSync(path.join(dir, 'bad.plan.json'), JSON.stringify({ drops: [] }));
    expect((await check(dir, '--plan', 'bad.plan.json')).stderr).toMatch(/--plan bad\.plan\.json: unknown key "drops"/);
  });
});
