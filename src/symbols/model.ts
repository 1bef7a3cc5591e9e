/**
 * The symbol layer's one model (../shared/ARCHITECTURE.md): what a language engine says a reference site binds to.
 * Language-neutral: no engine is imported here. Engines live in src/lang/<language>/symbols.ts.
 */
import type { Kind } from '../findings/model.js';

/** Who declares a symbol. Only `project` and `workspace` symbols are ever rewritten; `unknown` is reported, never guessed. */
export type Owner = 'project' | 'workspace' | 'dependency' | 'platform' | 'unknown';

/** A span that spells a symbol's name: UTF-16 offsets in the file's text as scanned (BOM left out), end exclusive. */
export interface SymbolLocation {
  /** Absolute path. */
  readonly file: string;
  readonly start: number;
  readonly end: number;
  /**
   * Text to keep around the new name where the span also binds another symbol (TypeScript's
   * providePrefixAndSuffixTextForRename): `{ sessionId }` renamed as a local only becomes `{ sessionId: flowId }`.
   */
  readonly prefixText?: string;
  readonly suffixText?: string;
}

/** A reference site the planner asks an engine about. */
export interface SiteQuery {
  /** Absolute path. */
  readonly file: string;
  readonly start: number;
  readonly end: number;
  /** The site's text as the scan matched it (`session_id`, or a compound such as `getSessionId`). */
  readonly text: string;
  readonly kind: Kind;
}

/** What the engine says one site binds to. */
export type Binding =
  /**
   * A symbol: every location the language ties to it (declarations and uses, keyword arguments, object keys of its
   * type, strings the engine binds), the declarations, and its owner. `declaredIn` names a dependency's module or
   * file for reports; `reason` says why an engine refuses to rename it (TypeScript's own message).
   */
  | {
      readonly kind: 'symbol';
      readonly name: string;
      readonly locations: readonly SymbolLocation[];
      readonly declarations: readonly SymbolLocation[];
      readonly owner: Owner;
      readonly declaredIn?: string;
      readonly reason?: string;
    }
  /**
   * Nothing binds here (a free string, a comment, a dict key no symbol owns). `external` says why the text is an
   * external contract as far as the engine can tell: it flows into a dependency's or the platform's API.
   */
  | { readonly kind: 'unbound'; readonly external?: string }
  /**
   * A name whose owner cannot be established: unresolved import, `any`/Unknown type, dependencies not installed.
   * `notInstalled`: it is known to belong to an import that does not resolve (a package that is not installed), so
   * it is not one of the project's names either.
   */
  | { readonly kind: 'unknown'; readonly reason: string; readonly notInstalled?: true };

/** One language's semantic engine, started once per run over the whole workspace. */
export interface SymbolEngine {
  /**
   * Binds sites. Answers every query (same order). An engine may answer several sites from one request: a site
   * inside the locations of an earlier answer binds to the same symbol.
   */
  bind(sites: readonly SiteQuery[], onProgress?: (done: number, total: number) => void): Promise<Binding[]>;
  /** Starts the engine's slow part now (a language server's process), ahead of the first bind; optional. */
  warm?(): void;
  /** Stops the engine (language-server processes, caches). */
  dispose(): Promise<void>;
}

export interface EngineContext {
  /** Where the run started: paths in messages are relative to it. */
  readonly cwd: string;
  /** Every file the run discovered (absolute paths): the engine's view of the workspace starts from them. */
  readonly files: readonly string[];
  /** The text the scan read for a file (BOM left out), so offsets agree; undefined for files the scan did not read. */
  readonly textOf: (absolutePath: string) => string | undefined;
  /**
   * False when a file cannot spell any of the plan's names (`bytes`, its content as the engine read it, hold none of
   * the prefilter's words), so it holds no rename location: an engine may leave it out of what it loads. Absent:
   * every file may.
   */
  readonly mayMention?: (absolutePath: string, bytes: Buffer) => boolean;
}
