import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { inTransaction } from './generate-down.js';
import type { MigrationStatements } from './migration.js';
import { TRANSACTION_SETTINGS } from './render.js';

/**
 * Python string literal for SQL handed to op.execute(): JSON string syntax is valid Python, and colons are escaped
 * because op.execute wraps the text in sqlalchemy.text(), which would read `:name` as a bind parameter.
 */
export const pythonSql = (statements: readonly string[]): string => JSON.stringify(statements.join('\n\n').replace(/:/g, '\\:'));

/** The single head of an Alembic versions folder (a revision no other revision names as down_revision). */
export function currentHead(dir: string): string | undefined {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.py'));
  } catch (error) {
    throw new InputError(`--revision-dir ${dir}: cannot read the folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const revisions = new Set<string>();
  const parents = new Set<string>();
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const revision = /^revision\s*(?::[^=]*)?=\s*['"]([^'"]+)['"]/m.exec(text)?.[1];
    if (!revision) continue;
    revisions.add(revision);
    const down = /^down_revision\s*(?::[^=]*)?=\s*(.+)$/m.exec(text)?.[1] ?? '';
    for (const m of down.matchAll(/['"]([^'"]+)['"]/g)) parents.add(m[1]);
  }
  const heads = [...revisions].filter((r) => !parents.has(r)).sort();
  if (heads.length > 1) {
    throw new InputError(`--revision-dir ${dir}: several heads (${heads.join(', ')}); merge them first (alembic merge heads) so the migration has one parent`);
  }
  return heads[0];
}

/** What an Alembic revision file holds; `preamble` lines sit between the header and upgrade(). */
export interface RevisionFile {
  readonly revision: string;
  readonly parent: string | undefined;
  readonly title: string;
  readonly preamble?: readonly string[];
  readonly upgrade: readonly string[];
  readonly downgrade: readonly string[];
}

/** The text of a revision file: docstring, identifiers, then upgrade() and downgrade() with their body lines. */
export function revisionText(file: RevisionFile): string {
  return [
    // A docstring reads backslash escapes: `\N` in a column name would not even compile.
    `"""${file.title.replace(/\\/g, '\\\\').replace(/"""/g, '')}`,
    '',
    `Revision ID: ${file.revision}`,
    `Revises: ${file.parent ?? ''}`,
    '"""',
    'from alembic import op',
    '',
    `revision = ${JSON.stringify(file.revision)}`,
    `down_revision = ${file.parent === undefined ? 'None' : JSON.stringify(file.parent)}`,
    'branch_labels = None',
    'depends_on = None',
    '',
    ...(file.preamble ?? []),
    '',
    'def upgrade() -> None:',
    ...file.upgrade,
    '',
    '',
    'def downgrade() -> None:',
    ...file.downgrade,
    '',
  ].join('\n');
}

export function renderAlembic(statements: MigrationStatements, summary: string, downRevision: string | undefined, settings: readonly string[] = TRANSACTION_SETTINGS): { revision: string; text: string } {
  const revision = createHash('sha256').update(statements.up.join('\n')).digest('hex').slice(0, 12);
  const text = revisionText({
    revision,
    parent: downRevision,
    title: `renamer: ${summary}`,
    preamble: [
      `UPGRADE_SQL = ${pythonSql([...settings, ...statements.backup, ...statements.up])}`,
      '',
      `DOWNGRADE_SQL = ${pythonSql([...settings, ...statements.down, ...inTransaction([...statements.downRestore, ...statements.downConcurrent]), ...statements.downFinish.flat()])}`,
      '',
    ],
    upgrade: ['    op.execute(UPGRADE_SQL)'],
    downgrade: ['    op.execute(DOWNGRADE_SQL)'],
  });
  return { revision, text };
}
