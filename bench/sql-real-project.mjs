#!/usr/bin/env node
// A real project's migrations, then renamer's migration on top, proved by PostgreSQL itself: builds a database from a
// folder of migrations (Prisma's `*/migration.sql` layout, or `*.sql` files, applied in name order with psql), fills
// every table with synthetic rows, dumps schema and data, generates `renamer sql --db` for the plan, runs up.sql (twice:
// the second run must change nothing), post-check, down.sql, post-down check, and dumps again. Prints the differences
// between the dumps before and after the round trip (none expected), and which of them are column order only: a
// dropped column comes back at the end of its table.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/sql-real-project.mjs --migrations DIR
//          [--rows N] [--keep-db] -- <renamer sql plan arguments: --drop T.C, --rename-column T.C=NEW, --plan FILE>
// Needs psql and pg_dump on PATH and `npm run build`. Creates (and drops, unless --keep-db) renamer_bench_real.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchDatabase, withClient } from './lib/bench-database.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const argv = process.argv.slice(2);
const split = argv.indexOf('--');
const own = split >= 0 ? argv.slice(0, split) : argv;
const planArgs = split >= 0 ? argv.slice(split + 1) : [];
const option = (name) => (own.includes(name) ? own[own.indexOf(name) + 1] : undefined);
const migrations = option('--migrations');
const rows = Number(option('--rows') ?? 50);
if (!migrations || planArgs.length === 0) {
  console.error('usage: DATABASE_URL=... node bench/sql-real-project.mjs --migrations DIR [--rows N] [--keep-db] -- <plan arguments>');
  process.exit(2);
}
const database = benchDatabase('renamer_bench_real');
const target = database.url;


/** Migration files in the order the project applies them: Prisma's folders, or plain .sql files, by name. */
function migrationFiles(dir) {
  return readdirSync(dir)
    .sort()
    .map((name) => path.join(dir, name))
    .flatMap((entry) => (statSync(entry).isDirectory() ? [path.join(entry, 'migration.sql')].filter(existsSync) : entry.endsWith('.sql') ? [entry] : []));
}

const psql = (file) => execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', target, '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });

/**
 * A value expression for row `g` of a column, by type: distinct per row (unique keys hold), deterministic (so a
 * dump can be compared with the next one). Undefined for types it cannot make up: the column is left to its default.
 */
function syntheticValue(column) {
  const g = 'g';
  const { type, typtype, category, length } = column;
  if (typtype === 'e') return `(enum_range(NULL::${column.regtype}))[1]`;
  if (category === 'A') return `'{}'::${column.regtype}`;
  if (['int2', 'int4', 'int8', 'numeric', 'float4', 'float8'].includes(type)) return `${g}::${column.regtype}`;
  if (['text', 'varchar', 'bpchar', 'citext'].includes(type)) return `left(md5(${g}::text || ${pg.escapeLiteral(column.name)}), ${length > 0 ? Math.min(length, 32) : 32})::${column.regtype}`;
  if (type === 'bool') return `${g} % 2 = 0`;
  if (['timestamp', 'timestamptz', 'date'].includes(type)) return `(timestamp '2024-01-01' + ${g} * interval '1 minute')::${column.regtype}`;
  if (type === 'jsonb' || type === 'json') return `json_build_object('g', ${g})::${column.regtype}`;
  if (type === 'uuid') return `md5(${g}::text || ${pg.escapeLiteral(column.name)})::uuid`;
  if (type === 'bytea') return `convert_to(${g}::text, 'UTF8')`;
  return undefined;
}

/** Fills each table with `rows` synthetic rows; foreign keys are not checked (session_replication_role = replica). */
async function seed(client) {
  const { rows: columns } = await client.query(`
    SELECT c.oid::regclass::text AS "table", a.attname AS name, t.typname AS type, t.typtype, t.typcategory AS category,
           a.atttypid::regtype::text AS regtype, a.attnotnull AS "notNull", a.atthasdef AS "hasDefault",
           CASE WHEN a.atttypmod > 4 THEN a.atttypmod - 4 ELSE 0 END AS length, a.attgenerated <> '' OR a.attidentity <> '' AS generated
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_type t ON t.oid = a.atttypid
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND NOT c.relispartition
    ORDER BY 1, a.attnum`);
  const tables = new Map();
  for (const column of columns) tables.set(column.table, [...(tables.get(column.table) ?? []), column]);
  await client.query('SET session_replication_role = replica');
  const skipped = [];
  for (const [table, tableColumns] of tables) {
    const values = tableColumns.filter((column) => !column.generated).map((column) => ({ column, value: syntheticValue(column) }));
    const missing = values.filter(({ column, value }) => value === undefined && column.notNull && !column.hasDefault);
    if (missing.length > 0) {
      skipped.push(`${table} (no value for ${missing.map(({ column }) => column.name).join(', ')})`);
      continue;
    }
    const chosen = values.filter(({ value }) => value !== undefined);
    const sql = `INSERT INTO ${table} (${chosen.map(({ column }) => pg.escapeIdentifier(column.name)).join(', ')}) SELECT ${chosen.map(({ value }) => value).join(', ')} FROM generate_series(1, ${rows}) g`;
    try {
      await client.query(sql);
    } catch (error) {
      skipped.push(`${table} (${error.message})`);
    }
  }
  await client.query('RESET session_replication_role');
  return { tables: tables.size, skipped };
}

function dump(kind) {
  // stderr piped: a data-only dump warns about circular foreign keys, which does not matter for a comparison.
  return execFileSync('pg_dump', ['--no-owner', '--no-privileges', `--${kind}-only`, '-d', target], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * A dump with column order taken out: each CREATE TABLE's column lines and each COPY block's columns (and every
 * row's fields with them) sorted by name, COPY rows sorted. Returns the text and the tables whose order differed.
 */
function normalise(text) {
  const lines = text.split('\n').filter((line) => !/^\\(un)?restrict /.test(line));
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const copy = /^COPY (\S+) \((.*)\) FROM stdin;$/.exec(line);
    if (copy) {
      const names = copy[2].split(', ');
      const order = names.map((name, index) => ({ name, index })).sort((a, b) => (a.name < b.name ? -1 : 1));
      const body = [];
      for (i++; lines[i] !== '\\.'; i++) {
        const fields = lines[i].split('\t');
        body.push(order.map(({ index }) => fields[index]).join('\t'));
      }
      out.push(`COPY ${copy[1]} (${order.map(({ name }) => name).join(', ')}) FROM stdin;`, ...body.sort(), '\\.');
      continue;
    }
    if (/^CREATE TABLE /.test(line)) {
      const body = [];
      for (i++; !/^\)/.test(lines[i]); i++) body.push(lines[i].replace(/,$/, ''));
      out.push(line, ...body.sort(), lines[i]);
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** The tables whose CREATE TABLE lists its columns in another order after the round trip. */
function reordered(before, after) {
  const tables = (text) =>
    new Map([...text.matchAll(/^CREATE TABLE (\S+) \(\n([^]*?)\n\);$|^COPY (\S+) \((.*)\) FROM stdin;$/gm)].map((match) => [match[1] ?? match[3], match[2] ?? match[4]]));
  const afterTables = tables(after);
  return [...tables(before)].filter(([name, body]) => afterTables.get(name) !== body).map(([name]) => name);
}

function compare(label, before, after) {
  if (before === after) return `${label}: identical`;
  const normalisedBefore = normalise(before);
  const normalisedAfter = normalise(after);
  if (normalisedBefore === normalisedAfter) return `${label}: identical but for column order in ${reordered(before, after).join(', ')}`;
  const a = normalisedBefore.split('\n');
  const b = normalisedAfter.split('\n');
  const onlyBefore = a.filter((line) => !b.includes(line)).slice(0, 10);
  const onlyAfter = b.filter((line) => !a.includes(line)).slice(0, 10);
  return `${label}: DIFFERENT\n  before only:\n    ${onlyBefore.join('\n    ')}\n  after only:\n    ${onlyAfter.join('\n    ')}`;
}

const renamer = (args) => spawnSync('node', [path.join(root, 'bin/renamer.js'), 'sql', '--db', target, ...args], { encoding: 'utf8' });
const out = mkdtempSync(path.join(os.tmpdir(), 'renamer-bench-real-'));
let failed = false;
try {
  await database.create();
  const files = migrationFiles(path.resolve(migrations));
  let started = performance.now();
  for (const file of files) psql(file);
  console.log(`${files.length} migrations from ${migrations} applied in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const seeded = await withClient(target, seed);
  console.log(`${seeded.tables} tables filled with ${rows} rows each; ${seeded.skipped.length} skipped${seeded.skipped.length ? `: ${seeded.skipped.join('; ')}` : ''}`);
  const schemaBefore = dump('schema');
  const dataBefore = dump('data');
  started = performance.now();
  const generated = renamer([...planArgs, '--out', out]);
  console.log(`renamer sql ${planArgs.join(' ')}: exit ${generated.status} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (generated.status !== 0) {
    console.log(generated.stderr.trim());
    failed = true;
  } else {
    for (const step of ['pre-check', 'up', 'up', 'post-check', 'down', 'post-down-check']) {
      const file = path.join(out, `${step}.sql`);
      try {
        psql(file);
        console.log(`  ${step}.sql ran`);
      } catch (error) {
        console.log(`  ${step}.sql FAILED: ${String(error.stderr ?? error.message).trim()}`);
        failed = true;
        break;
      }
    }
    console.log(compare('schema dump after up → down', schemaBefore, dump('schema')));
    console.log(compare('data dump after up → down', dataBefore, dump('data')));
  }
} finally {
  rmSync(out, { recursive: true, force: true });
  if (!own.includes('--keep-db')) await database.drop();
}
process.exit(failed ? 1 : 0);
