import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kind, LanguageAnalyzer } from '../../../src/lang/analyzer.js';
import { LineIndex } from '../../../src/findings/positions.js';
import { createMatcher, type Rename } from '../../../src/words/index.js';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** A reference as the report shows it: 1-based line, UTF-16 column. */
export interface Site {
  readonly line: number;
  readonly column: number;
  readonly text: string;
  readonly replacement: string;
  readonly kind: Kind;
}

export function readFixture(relativePath: string): string {
  return readFileSync(FIXTURES + relativePath, 'utf8');
}

/** Runs an analyzer on a fixture file from disk, as the scan pipeline does. */
export async function analyzeFixture(
  analyzer: LanguageAnalyzer,
  relativePath: string,
  renames: Rename[] = [{ from: 'session_id', to: 'flow_id' }],
): Promise<{ sites: Site[]; error?: string }> {
  await analyzer.load();
  const text = readFixture(relativePath);
  const file = { absolutePath: FIXTURES + relativePath, path: relativePath, text, language: analyzer.language };
  const analysis = analyzer.analyze(file, createMatcher(renames));
  const lines = new LineIndex(text);
  const sites = analysis.references.map(({ start, text: matched, replacement, kind }) => ({
    ...lines.position(start),
    text: matched,
    replacement,
    kind,
  }));
  return { sites, error: analysis.error };
}

export const site = (line: number, column: number, text: string, replacement: string, kind: Kind): Site => ({
  line,
  column,
  text,
  replacement,
  kind,
});
