import { quoteIdent, quoteLiteral, quoteQualified, type QualifiedName } from '../quote.js';
import type { SqlSession } from '../session.js';
import { doBlock, ifThen } from '../snippets.js';
import type { OnlineMigration, OnlineRename } from './model.js';

/**
 * The record of renames in flight, in the backup schema (no PUBLIC access): expand writes what each column was, so a
 * later phase, its down and --status work from it even once the old column is gone. cleanup.sql removes it.
 */
export const storeTable = (schema: string): QualifiedName => ({ schema, name: 'online_renames' });

export type StoredRename = OnlineRename & { readonly createsBackupSchema?: boolean };

export function storeStatements(m: OnlineMigration): string[] {
  const table = quoteQualified(storeTable(m.backupSchema));
  return [
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(m.backupSchema)};`,
    `REVOKE ALL ON SCHEMA ${quoteIdent(m.backupSchema)} FROM PUBLIC;`,
    `CREATE TABLE IF NOT EXISTS ${table} (relation text NOT NULL, from_column text NOT NULL, to_column text NOT NULL, model jsonb NOT NULL, PRIMARY KEY (relation, from_column));`,
    `REVOKE ALL ON TABLE ${table} FROM PUBLIC;`,
    ...m.renames.map((r) => {
      const model = JSON.stringify({ ...r, createsBackupSchema: m.createsBackupSchema });
      return `INSERT INTO ${table} VALUES (${quoteLiteral(quoteQualified(r.table))}, ${quoteLiteral(r.from)}, ${quoteLiteral(r.to)}, ${quoteLiteral(model)}::jsonb) ON CONFLICT (relation, from_column) DO NOTHING;`;
    }),
  ];
}

/** Expand's down forgets the renames, then drops the record and the schema when they are empty and renamer made them. */
export function unstoreStatements(m: OnlineMigration): string[] {
  const store = storeTable(m.backupSchema);
  const table = quoteQualified(store);
  const exists = `pg_catalog.to_regclass(${quoteLiteral(table)}) IS NOT NULL`;
  const out = m.renames.map((r) =>
    doBlock([`IF ${exists} THEN`, `  DELETE FROM ${table} WHERE relation = ${quoteLiteral(quoteQualified(r.table))} AND from_column = ${quoteLiteral(r.from)};`, 'END IF;']),
  );
  // Nested: the inner condition names the table, which a re-run must not even parse once it is gone.
  out.push(doBlock(ifThen(exists, ifThen(`NOT EXISTS (SELECT 1 FROM ${table})`, [`DROP TABLE ${table};`]))));
  if (m.createsBackupSchema) {
    // DROP SCHEMA without CASCADE refuses a schema that still holds backups: those are kept, with the schema.
    out.push(doBlock([`DROP SCHEMA IF EXISTS ${quoteIdent(m.backupSchema)};`, 'EXCEPTION WHEN dependent_objects_still_exist THEN NULL;']));
  }
  return out;
}

export async function loadStored(db: SqlSession, schema: string): Promise<StoredRename[]> {
  const table = quoteQualified(storeTable(schema));
  const [{ exists }] = await db.query<{ exists: boolean }>(`SELECT pg_catalog.to_regclass($1) IS NOT NULL AS exists`, [table]);
  if (!exists) return [];
  const rows = await db.query<{ model: StoredRename | string }>(`SELECT model FROM ${table} ORDER BY relation, from_column`);
  // A record written before views were switched online has none.
  return rows.map((r) => (typeof r.model === 'string' ? (JSON.parse(r.model) as StoredRename) : r.model)).map((r) => ({ ...r, views: r.views ?? [] }));
}
