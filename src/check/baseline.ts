import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { KINDS, type Reference } from '../findings/model.js';
import { keyString, siteKeyOf, type SiteKey } from './fingerprint.js';

export interface BaselineEntry extends SiteKey {
  /** How many sites share this key; written only when more than one. */
  readonly count: number;
}

export interface Baseline {
  readonly version: 1;
  readonly entries: readonly BaselineEntry[];
}

/** A baseline entry with fewer sites left than it lists: the baseline must be updated so the count only goes down. */
export interface StaleEntry extends BaselineEntry {
  readonly missing: number;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byKey = (a: SiteKey, b: SiteKey): number =>
  compareText(a.file, b.file) || compareText(a.code, b.code) || compareText(a.kind, b.kind) || compareText(a.text, b.text) || compareText(a.column ?? '', b.column ?? '');

/** The baseline of the sites that fail the gate now. */
export function baselineFrom(references: readonly Reference[]): Baseline {
  const entries = new Map<string, { key: SiteKey; count: number }>();
  for (const reference of references) {
    const key = siteKeyOf(reference);
    const id = keyString(key);
    const entry = entries.get(id);
    if (entry) entry.count++;
    else entries.set(id, { key, count: 1 });
  }
  return { version: 1, entries: [...entries.values()].map(({ key, count }) => ({ ...key, count })).sort(byKey) };
}

/** Sorted, one entry a line: a ratchet step shows in review as removed lines only. */
export function formatBaseline(baseline: Baseline): string {
  const total = baseline.entries.reduce((sum, entry) => sum + entry.count, 0);
  const lines = baseline.entries.map(({ count, ...key }) => `    ${JSON.stringify({ ...key, ...(count > 1 ? { count } : {}) })}`);
  const body = lines.length ? `[\n${lines.join(',\n')}\n  ]` : '[]';
  return `{\n  "version": 1,\n  "tool": "renamer check",\n  "total": ${total},\n  "references": ${body}\n}\n`;
}

function entryFrom(value: unknown, where: string): BaselineEntry {
  const entry = value as Record<string, unknown>;
  const ok =
    typeof entry === 'object' && entry !== null &&
    typeof entry.file === 'string' && typeof entry.text === 'string' && typeof entry.code === 'string' &&
    (KINDS as readonly unknown[]).includes(entry.kind) &&
    (entry.count === undefined || (Number.isInteger(entry.count) && (entry.count as number) > 0)) &&
    (entry.column === undefined || typeof entry.column === 'string');
  if (!ok) throw new InputError(`${where}: expected { file, kind, text, code, count? }, got ${JSON.stringify(value)}`);
  return {
    file: entry.file as string,
    kind: entry.kind as BaselineEntry['kind'],
    text: entry.text as string,
    code: entry.code as string,
    ...(entry.column ? { column: entry.column as string } : {}),
    count: (entry.count as number | undefined) ?? 1,
  };
}

/** Reads `--baseline FILE`; a missing or malformed file is an input error, never an empty baseline. */
export function readBaseline(cwd: string, file: string): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path.resolve(cwd, file), 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code ? `cannot read it (${code}); create it with --update-baseline ${file}` : `not valid JSON (${(error as Error).message})`;
    throw new InputError(`--baseline ${file}: ${why}`, { cause: error });
  }
  const record = value as { version?: unknown; references?: unknown };
  if (typeof record !== 'object' || record === null || record.version !== 1 || !Array.isArray(record.references)) {
    throw new InputError(`--baseline ${file}: not a renamer baseline (expected "version": 1 and a "references" list)`);
  }
  return { version: 1, entries: record.references.map((entry, i) => entryFrom(entry, `--baseline ${file}: references[${i}]`)) };
}

/**
 * Splits the failing sites into those the baseline covers and new ones, and lists baseline entries whose
 * sites are gone. `inScope` limits staleness to the files this run looked at (--since, --staged, paths).
 */
export function compareWithBaseline(
  references: readonly Reference[],
  baseline: Baseline,
  inScope: (file: string) => boolean,
): { fresh: Set<Reference>; stale: StaleEntry[] } {
  const allowance = new Map<string, number>();
  for (const entry of baseline.entries) allowance.set(keyString(entry), (allowance.get(keyString(entry)) ?? 0) + entry.count);
  const fresh = new Set<Reference>();
  const used = new Map<string, number>();
  // References come sorted by position, so when a key has more sites than listed, the later ones are new.
  for (const reference of references) {
    const id = keyString(siteKeyOf(reference));
    const taken = used.get(id) ?? 0;
    if (taken < (allowance.get(id) ?? 0)) used.set(id, taken + 1);
    else fresh.add(reference);
  }
  const stale: StaleEntry[] = [];
  for (const entry of baseline.entries) {
    if (!inScope(entry.file)) continue;
    const id = keyString(entry);
    const left = used.get(id) ?? 0;
    const missing = entry.count - Math.min(left, entry.count);
    used.set(id, Math.max(0, left - entry.count));
    if (missing > 0) stale.push({ ...entry, missing });
  }
  return { fresh, stale };
}
