import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Binding, EngineContext, SiteQuery, SymbolLocation } from '../../../src/symbols/model.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures');

/** A copy of a fixture in a fresh temp dir: tests may add a venv to it, and pyright never sees the repository. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'renamer-symbols-'));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** Every .py file under `dir`, as the discover step would list them (no venvs, no dot folders). */
export function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.py'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !path.relative(dir, file).split(path.sep).some((part) => part.startsWith('.') || part === 'site-packages'))
    .sort();
}

export function contextOf(dir: string): EngineContext {
  return { cwd: dir, files: pythonFiles(dir), textOf: (file) => readFileSync(file, 'utf8') };
}

/** Every whole-word occurrence of `word` in the files, as the scan would ask about them. */
export function sitesOf(dir: string, word: string): SiteQuery[] {
  const pattern = new RegExp(`(?<![A-Za-z0-9_])${word}(?![A-Za-z0-9_])`, 'g');
  return pythonFiles(dir).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(pattern)].map((match) => ({
      file,
      start: match.index,
      end: match.index + word.length,
      text: word,
      kind: 'variable' as const,
    })),
  );
}

/** `services/workflow.py:7:29`: where a location starts, 1-based, relative to the fixture. */
export function where(dir: string, location: SymbolLocation | SiteQuery): string {
  const text = readFileSync(location.file, 'utf8').slice(0, location.start);
  const line = text.split('\n').length;
  const column = location.start - text.lastIndexOf('\n');
  const relative = path.relative(dir, location.file).split(path.sep).join('/');
  return `${relative.replace(/^.*site-packages\//, 'site-packages/')}:${line}:${column}`;
}

/** The binding of the site at `place` (`file:line:col`). */
export function bindingAt(dir: string, sites: readonly SiteQuery[], bindings: readonly Binding[], place: string): Binding {
  const index = sites.findIndex((site) => where(dir, site) === place);
  if (index < 0) throw new Error(`no site at ${place}; sites: ${sites.map((site) => where(dir, site)).join(', ')}`);
  return bindings[index]!;
}

/** A symbol binding as `{ owner, locations }` with readable places, for toEqual/toMatchObject. */
export function describeSymbol(dir: string, binding: Binding) {
  if (binding.kind !== 'symbol') return binding;
  return {
    owner: binding.owner,
    locations: binding.locations.map((location) => where(dir, location)),
    declarations: binding.declarations.map((location) => where(dir, location)),
    ...(binding.declaredIn ? { declaredIn: binding.declaredIn } : {}),
  };
}
