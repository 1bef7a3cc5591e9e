/**
 * The data an HTML report is drawn from. It is embedded in the page as JSON (`<script id="renamer-report-data">`),
 * so that a script, a test or a later tool can read the numbers the page shows without parsing markup.
 */

import type { HistoryPoint } from '../../history/model.js';

export type { HistoryPoint };

/** A column the database plan decides about (the report's own copy of src/check's PlannedColumn). */
export interface PlanColumn {
  readonly qualified: string;
  readonly action: 'drop' | 'rename' | 'keep';
  readonly to?: string;
}

/** What only the HTML report needs beside the findings; the CLI fills it in. */
export interface HtmlOptions {
  /** `https://github.com/o/r/blob/main/{file}#L{line}`: `{file}`, `{line}`, `{column}` are filled in per site. */
  readonly linkTemplate?: string;
  /** `{file}` is relative to the repository root: the current directory's path inside it (`git rev-parse --show-prefix`). */
  readonly repoPrefix?: string;
  /** Without a template, sites link to the file itself: this leads from the report's folder to the current directory. */
  readonly relativeRoot?: string;
  readonly columns?: readonly PlanColumn[];
  readonly history?: readonly HistoryPoint[];
}

export interface SiteData {
  readonly line: number;
  readonly column: number;
  readonly kind: string;
  readonly text: string;
  readonly replacement: string | null;
  /** check: outside the baseline (it fails the gate); scan: always true. */
  readonly failing: boolean;
  readonly reason?: string;
}

export interface FileData {
  readonly path: string;
  readonly href: string;
  readonly count: number;
  readonly sites: readonly (SiteData & { readonly href: string })[];
}

/** A folder of remaining references; chains of folders with one child are joined (`src/app/api`). */
export interface FolderData {
  readonly name: string;
  readonly path: string;
  readonly count: number;
  readonly folders: readonly FolderData[];
  readonly files: readonly FileData[];
}

export interface LinkedSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly href: string;
}

export interface HtmlReportData {
  readonly version: 1;
  readonly command: 'scan' | 'check' | 'imports';
  readonly title: string;
  readonly passed?: boolean;
  readonly totals: {
    readonly remaining: number;
    readonly failing: number;
    readonly baselineCovered: number;
    readonly allowed: number;
    readonly files: number;
    readonly filesScanned: number;
    readonly conflicts: number;
    readonly externalContracts: number;
    readonly brokenImports: number;
    readonly errors: number;
    readonly unreadable: number;
  };
  readonly folders: readonly FolderData[];
  readonly byKind: readonly (readonly [string, number])[];
  readonly byLanguage: readonly (readonly [string, number])[];
  readonly conflicts: readonly (LinkedSite & { readonly text: string; readonly reason: string })[];
  readonly externalContracts: readonly (LinkedSite & { readonly text: string; readonly reason: string })[];
  readonly allowed: readonly { readonly file: string; readonly href: string; readonly count: number; readonly by: string }[];
  readonly brokenImports: readonly (LinkedSite & { readonly specifier: string; readonly suggestion: string | null; readonly suggestionResolves: boolean | null })[];
  readonly columns: readonly (PlanColumn & { readonly sites: number; readonly status: 'blocked' | 'clear' | 'kept' })[];
  readonly unreadable: readonly { readonly file: string; readonly reason: string }[];
  readonly errors: readonly { readonly file: string; readonly message: string }[];
  readonly staleBaseline: number;
  readonly history: readonly HistoryPoint[];
}
