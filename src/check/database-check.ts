import picomatch from 'picomatch';
import type { RenamerOptions } from '../config/options.js';
import { discoverFiles } from '../discover/discover.js';
import { collectFileFindings } from '../findings/collect.js';
import type { FileError, Kind, Language, RawReference, Reference } from '../findings/model.js';
import { languageOf } from '../lang/registry.js';
import { loadParser, type GrammarName } from '../lang/tree-sitter.js';
import { readCandidates, type UnreadableFile } from '../scan/read-candidates.js';
import { createMatcher, type WordMatch } from '../words/index.js';
import { columnSite, type ColumnSite } from './column-sites.js';
import type { PlannedColumn } from './columns.js';

const CODE: ReadonlySet<Language | undefined> = new Set<Language | undefined>(['typescript', 'javascript', 'python']);
const IDENTIFIER = /[\p{L}\p{N}_$]/u;

const grammarOf = (file: string, language: Language): GrammarName =>
  language === 'python' ? 'python' : /\.[cm]?ts$/.test(file) ? 'typescript' : 'tsx';

/** The whole name, not a part of a longer one: `session_id`, not `import_session_id` or `sessionId`. */
function wholeColumnName(text: string, match: WordMatch, names: ReadonlySet<string>): boolean {
  if (!names.has(match.text.toLowerCase())) return false;
  return !IDENTIFIER.test(text[match.start - 1] ?? '') && !IDENTIFIER.test(text[match.end] ?? '');
}

const mentionsTable = (sql: string, table: string): boolean =>
  new RegExp(`(?:^|[^\\p{L}\\p{N}_$])"?${table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?(?![\\p{L}\\p{N}_$])`, 'iu').test(sql);

const namesSomeTable = (sql: string): boolean => /\b(?:from|join|update|into|table)\s+["\p{L}_]/iu.test(sql);

/** The plan's decisions this site is about: by the tables a SQL string names, or the ORM model's table. */
function targetsOf(site: ColumnSite, name: string, columns: readonly PlannedColumn[]): PlannedColumn[] {
  const same = columns.filter((column) => column.column.toLowerCase() === name.toLowerCase());
  let chosen = same;
  if (site.via === 'sql') {
    // A fragment without a table (`WHERE session_id = $1`) may belong to any of them; a statement that
    // names tables is about those only.
    const mentioned = same.filter((column) => mentionsTable(site.sql, column.table));
    if (mentioned.length || namesSomeTable(site.sql)) chosen = mentioned;
  } else if (site.table) {
    chosen = same.filter((column) => column.table.toLowerCase() === site.table!.toLowerCase());
  }
  // A column the plan keeps in the table this code reads is fine, whatever other tables lose.
  return chosen.filter((column) => column.action !== 'keep');
}

function describe(site: ColumnSite, name: string, targets: readonly PlannedColumn[]): string {
  const where = site.via === 'sql' ? 'raw SQL' : `${site.framework} column mapping`;
  const decisions = targets.map((t) => (t.action === 'drop' ? `drops ${t.qualified}` : `renames ${t.qualified} to ${t.to}`));
  return `${where} names column ${name}, but the database plan ${decisions.join(', ')}`;
}

const KIND_OF: Record<ColumnSite['via'], Kind> = { sql: 'sql', 'orm-name': 'string', 'orm-attribute': 'property' };

export interface ColumnCheck {
  readonly references: Reference[];
  readonly errors: FileError[];
  /** Code files that may name a column but could not be read. */
  readonly skipped: UnreadableFile[];
  /** Code files read for the cross-check. */
  readonly filesScanned: number;
}

interface ColumnHit {
  readonly raw: RawReference;
  readonly reason: string;
  readonly databaseColumn: string;
}

/**
 * check's cross-check with the database plan: code that still names a column the plan drops or renames,
 * in a raw SQL string or an ORM column mapping. The migration must not run while such code exists.
 */
export async function findColumnReferences(options: RenamerOptions, columns: readonly PlannedColumn[]): Promise<ColumnCheck> {
  const retired = columns.filter((column) => column.action !== 'keep');
  if (retired.length === 0) return { references: [], errors: [], skipped: [], filesScanned: 0 };
  const names = new Set(retired.map((column) => column.column.toLowerCase()));
  const matcher = createMatcher([...names].map((name) => ({ from: name, to: name })));
  const discovery = discoverFiles({ ...options, accept: (file) => CODE.has(languageOf(file)) });
  const read = await readCandidates(discovery.files.filter((file) => CODE.has(languageOf(file.path))), matcher, options.maxFileSize);
  const isAllowed = options.allow.length ? picomatch(options.allow as string[], { dot: true }) : () => false;
  const parsers = new Map<GrammarName, Awaited<ReturnType<typeof loadParser>>>();
  const references: Reference[] = [];

  for (const candidate of read.candidates) {
    const language = languageOf(candidate.file.path)!;
    const matches = matcher.matchAll(candidate.text).filter((match) => wholeColumnName(candidate.text, match, names));
    if (matches.length === 0) continue;
    const grammar = grammarOf(candidate.file.path, language);
    if (!parsers.has(grammar)) parsers.set(grammar, await loadParser(grammar));
    const tree = parsers.get(grammar)!.parse(candidate.text);
    if (!tree) continue;
    const hits: ColumnHit[] = [];
    for (const match of matches) {
      const site = columnSite(tree.rootNode, candidate.text, match.start, match.end);
      const targets = site ? targetsOf(site, match.text, columns) : [];
      if (!site || targets.length === 0) continue;
      const renamedTo = targets.every((t) => t.action === 'rename' && t.to === targets[0].to) ? targets[0].to! : match.text;
      hits.push({
        raw: { start: match.start, end: match.end, text: match.text, replacement: renamedTo, kind: KIND_OF[site.via] },
        reason: describe(site, match.text, targets),
        databaseColumn: targets.map((t) => t.qualified).join(', '),
      });
    }
    tree.delete();
    const file = { path: candidate.file.path, text: candidate.text, language };
    const found = collectFileFindings(file, hits.map((hit) => hit.raw), [], isAllowed(candidate.file.path));
    found.references.forEach((reference, i) => references.push({ ...reference, databaseColumn: hits[i].databaseColumn, reason: hits[i].reason }));
  }
  return { references, errors: read.errors, skipped: read.skipped, filesScanned: discovery.files.length };
}
