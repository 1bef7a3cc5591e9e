/**
 * jscodeshift transform: renames the plan's words inside string literals and template literal text, the place
 * storage keys, cache prefixes and event names live: `import_session_${id}` → `import_flow_${id}` under
 * `--from=session --to=flow`. The literals' text is edited in place (no reprinting), so quotes and escapes stay as written.
 *
 *   npm run build && npx jscodeshift -t transforms/rename-storage-keys.ts --from=session --to=flow src
 *
 * Renaming a storage key orphans data stored under the old one: plan a data migration with it.
 * The matcher comes from the built output (dist/, `npm run build`); see rename-identifier.ts.
 */
import type { API, FileInfo, Options } from 'jscodeshift';
import { renamesFrom } from './plan-options.ts';
// @ts-expect-error dist/ is built JavaScript without declarations; its types are those of src/words below.
import * as built from '../dist/words/index.js';

type Words = typeof import('../src/words/index.js');
const { createMatcher } = built as Words;

interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Splices replacements into the source: only the literals' own text changes, every other byte stays as written. */
function splice(source: string, spans: Span[]): string {
  let result = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue;
    result += source.slice(at, span.start) + span.text;
    at = span.end;
  }
  return result + source.slice(at);
}

export default function renameStorageKeys(file: FileInfo, api: API, options: Options): string | undefined {
  const matcher = createMatcher(renamesFrom(options, 'rename-storage-keys'));
  const j = api.jscodeshift;
  if (matcher.matchAll(file.source).length === 0) return undefined;
  const spans: Span[] = [];
  const visit = (node: { start?: number | null; end?: number | null }) => {
    if (typeof node.start !== 'number' || typeof node.end !== 'number') return;
    const raw = file.source.slice(node.start, node.end);
    const text = matcher.replaceAll(raw);
    if (text !== raw) spans.push({ start: node.start, end: node.end, text });
  };
  const root = j(file.source);
  root.find(j.StringLiteral).forEach((path) => visit(path.node as never));
  root.find(j.Literal).forEach((path) => typeof (path.node as { value?: unknown }).value === 'string' && visit(path.node as never));
  // A template's text parts only: `${expressions}` are code, for rename-identifier.
  root.find(j.TemplateElement).forEach((path) => visit(path.node as never));
  return spans.length > 0 ? splice(file.source, spans) : undefined;
}

export const parser = 'tsx';
