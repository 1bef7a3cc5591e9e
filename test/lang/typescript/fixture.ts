import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Analysis, LanguageAnalyzer } from '../../../src/lang/analyzer.js';
import { languageOf } from '../../../src/lang/registry.js';
import { LineIndex } from '../../../src/findings/positions.js';
import { createMatcher } from '../../../src/words/index.js';
import { javascriptAnalyzer, typescriptAnalyzer } from '../../../src/lang/typescript/index.js';

export const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/ts-kinds');

/** A reference or conflict as a person reads it in an editor. */
export interface Site {
  readonly line: number;
  readonly column: number;
  readonly text: string;
  readonly replacement?: string;
  readonly kind?: string;
  readonly reason?: string;
}

export interface FixtureAnalysis {
  readonly text: string;
  readonly analysis: Analysis;
  readonly references: Site[];
  readonly conflicts: Site[];
}

export async function analyzeFixture(relative: string, from = 'session_id', to = 'flow_id'): Promise<FixtureAnalysis> {
  const absolutePath = path.join(FIXTURE, relative);
  const text = readFileSync(absolutePath, 'utf8');
  const language = languageOf(relative);
  if (language !== 'typescript' && language !== 'javascript') throw new Error(`${relative} is not TypeScript/JavaScript`);
  const analyzer: LanguageAnalyzer = language === 'typescript' ? typescriptAnalyzer : javascriptAnalyzer;
  await analyzer.load();
  const analysis = analyzer.analyze({ absolutePath, path: relative, text, language }, createMatcher([{ from, to }]));
  const lines = new LineIndex(text);
  // Foreign sites (a lib global, a package's export) are conflicts in scan's report; apply asks the engine about them.
  const references = analysis.references.filter((r) => !r.foreign).map(({ start, text, replacement, kind }) => ({ ...lines.position(start), text, replacement, kind }));
  const foreign = analysis.references.filter((r) => r.foreign).map(({ start, end, text, foreign: reason }) => ({ start, end, text, reason: reason! }));
  const conflicts = [...(analysis.conflicts ?? []), ...foreign].sort((a, b) => a.start - b.start).map(({ start, text, reason }) => ({ ...lines.position(start), text, reason }));
  return { text, analysis, references, conflicts };
}

/** The site at `line`:`column`, so that a test names the place it means, as a reader of the file would. */
export function siteAt(sites: readonly Site[], line: number, column: number): Site | undefined {
  return sites.find((site) => site.line === line && site.column === column);
}

/** The expected shape of one reference, in the order a reader checks it. */
export const ref = (line: number, column: number, text: string, replacement: string, kind: string): Site => ({
  line,
  column,
  text,
  replacement,
  kind,
});
