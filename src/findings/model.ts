/** The one findings model every command and reporter shares (../shared/CONTRACT.md, "Reports"). */

export const KINDS = [
  'parameter',
  'variable',
  'function',
  'class',
  'type',
  'property',
  'member',
  'keyword-argument',
  'import',
  'export',
  'string',
  'comment',
  'sql',
  'text',
  // A file or folder whose own name holds the family (`session_manager.py`): `apply --files` renames it.
  'path',
] as const;
export type Kind = (typeof KINDS)[number];

export const LANGUAGES = ['typescript', 'javascript', 'python', 'sql', 'text'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A match found by a language analyzer, in offsets of the file's text (UTF-16 code units). */
export interface RawReference {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly replacement: string;
  readonly kind: Kind;
  /** TS/JS: syntax proves the site names no dependency's member (see lang/typescript/member-sites.ts). */
  readonly owned?: true;
  /** The syntax pass takes the name for a dependency's or the platform's: why (see Reference.foreign). */
  readonly foreign?: string;
}

export interface Reference {
  /** Relative to the current directory, with `/`. */
  readonly file: string;
  /** 1-based; columns count UTF-16 code units. */
  readonly line: number;
  readonly column: number;
  readonly text: string;
  readonly replacement: string;
  readonly kind: Kind;
  readonly language: Language;
  readonly allowed: boolean;
  /**
   * Why it is allowed: an `--allow` glob, an inline suppression comment, or (check) it names what an allowed file
   * declares, so apply keeps it (`import { sessionId as flowId } from './compat'`).
   */
  readonly allowedBy?: 'allow-list' | 'suppression' | 'allowed-file';
  readonly start: number;
  readonly end: number;
  /** The source line the reference stands on, without its line ending. */
  readonly lineText: string;
  /** check's database cross-check: the plan's column(s) this code still names (`assets.session_id`). */
  readonly databaseColumn?: string;
  /** Why the site is reported when "should be <replacement>" does not say it (the database cross-check). */
  readonly reason?: string;
  /**
   * Internal, never in the JSON: syntax proves this TS/JS site names no dependency's member, so check need not ask
   * TypeScript's checker about it (lang/typescript/member-sites.ts).
   */
  readonly owned?: true;
  /**
   * Internal, never in the JSON: the syntax pass takes the name for a dependency's or the platform's (a lib global,
   * a name imported from a package). scan and check list the site under conflicts with this reason; apply asks the
   * language's engine, which alone can tell (a workspace package is the project's).
   */
  readonly foreign?: string;
}

export interface BrokenImport {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly specifier: string;
  readonly language: Language;
  readonly suggestion?: string;
  readonly suggestionResolves?: boolean;
}

export interface Conflict {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly text: string;
  readonly reason: string;
}

export interface FileError {
  readonly file: string;
  readonly message: string;
}

export interface Summary {
  filesScanned: number;
  files: number;
  references: number;
  allowed: number;
  byKind: Partial<Record<Kind, number>>;
  byLanguage: Partial<Record<Language, number>>;
  importsChecked: number;
  brokenImports: number;
  errors: number;
}

export interface Report {
  readonly version: 1;
  readonly summary: Summary;
  readonly references: readonly Reference[];
  readonly brokenImports: readonly BrokenImport[];
  readonly conflicts: readonly Conflict[];
  readonly errors: readonly FileError[];
  /** Files not read: over the size limit. */
  readonly skipped?: readonly SkippedFile[];
  /**
   * scan: files and folders whose own name holds the family (kind `path`; `file` is the path, `text` and
   * `replacement` its last segment), which `apply --files` renames. check counts them among `references`.
   */
  readonly paths?: readonly Reference[];
}

export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}
