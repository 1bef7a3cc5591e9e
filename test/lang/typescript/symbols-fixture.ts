import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kind } from '../../../src/findings/model.js';
import { LineIndex } from '../../../src/findings/positions.js';
import { createTypeScriptEngine } from '../../../src/lang/typescript/symbols.js';
import type { Binding, SiteQuery, SymbolEngine, SymbolLocation } from '../../../src/symbols/model.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures');

export interface Setup {
  /** Folders of the fixture copied to node_modules/<name> (git keeps no node_modules folders). */
  readonly deps?: string;
  /** Symlinks to create, relative to the copy: [link, target]. */
  readonly links?: ReadonlyArray<readonly [string, string]>;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'deps') return [];
    const absolute = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(absolute) : [absolute];
  });
}

/** A fixture copied to a temp folder (outside any repository) with an engine over it, as apply would start it. */
export class EngineFixture {
  private constructor(
    readonly dir: string,
    readonly engine: SymbolEngine,
  ) {}

  static async open(name: string, setup: Setup = {}): Promise<EngineFixture> {
    const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'renamer-symbols-')));
    cpSync(path.join(FIXTURES, name), dir, { recursive: true });
    if (setup.deps) cpSync(path.join(dir, setup.deps), path.join(dir, 'node_modules'), { recursive: true });
    for (const [link, target] of setup.links ?? []) {
      mkdirSync(path.dirname(path.join(dir, link)), { recursive: true });
      symlinkSync(path.relative(path.dirname(path.join(dir, link)), path.join(dir, target)), path.join(dir, link), 'dir');
    }
    const files = listFiles(dir);
    const engine = await createTypeScriptEngine({ cwd: dir, files, textOf: (file) => (files.includes(file) ? readFileSync(file, 'utf8') : undefined) });
    return new EngineFixture(dir, engine);
  }

  /** The site spelled by `word` inside the `occurrence`-th (0-based) match of `needle` in `file`. */
  site(file: string, needle: string, options: { word?: string; occurrence?: number; kind?: Kind } = {}): SiteQuery {
    const absolute = path.join(this.dir, file);
    const text = readFileSync(absolute, 'utf8');
    let at = -1;
    for (let i = 0; i <= (options.occurrence ?? 0); i += 1) {
      at = text.indexOf(needle, at + 1);
      if (at < 0) throw new Error(`${needle} (#${i}) is not in ${file}`);
    }
    const word = options.word ?? needle;
    const start = at + needle.indexOf(word);
    return { file: absolute, start, end: start + word.length, text: word, kind: options.kind ?? 'variable' };
  }

  async bind(...sites: SiteQuery[]): Promise<Binding[]> {
    return this.engine.bind(sites);
  }

  /** `file:line:column` of each location (with affixes), sorted, for expectations a reader can check in the file. */
  where(locations: readonly SymbolLocation[]): string[] {
    return locations
      .map((location) => {
        const text = readFileSync(location.file, 'utf8');
        const { line, column } = new LineIndex(text).position(location.start);
        const affix = `${location.prefixText ? ` prefix=${JSON.stringify(location.prefixText)}` : ''}${location.suffixText ? ` suffix=${JSON.stringify(location.suffixText)}` : ''}`;
        return `${path.relative(this.dir, location.file)}:${line}:${column}${affix}`;
      })
      .sort();
  }

  async close(): Promise<void> {
    await this.engine.dispose();
  }
}

export function symbolOf(binding: Binding): Extract<Binding, { kind: 'symbol' }> {
  if (binding.kind !== 'symbol') throw new Error(`expected a symbol, got ${JSON.stringify(binding)}`);
  return binding;
}
