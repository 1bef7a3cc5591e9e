import type { Parser } from 'web-tree-sitter';
import type { SyntaxNode } from '../../lang/tree-sitter.js';
import type { ModuleMap } from '../module-map.js';
import { absolutePythonModule, relativePythonModule } from '../specifier.js';
import type { PythonChecker } from './check.js';
import { extractPythonModules, type PyImport } from './extract.js';

/** A replacement of `[start, end)` in the file's text (UTF-16 offsets). */
export interface SpanEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A module path the map moves that stays broken: apply cannot write a form that resolves. */
export interface UnrewrittenImport {
  readonly start: number;
  readonly specifier: string;
  readonly reason: string;
}

export interface PythonMoveEdits {
  readonly edits: SpanEdit[];
  readonly unrewritten: UnrewrittenImport[];
}

type Importer = { name: string; isPackage: boolean } | undefined;

/** One file's rewrites for the module map: import statements, dotted uses of moved modules, module paths in strings. */
class FileMoves {
  readonly edits: SpanEdit[] = [];
  readonly unrewritten: UnrewrittenImport[] = [];
  /** `import a.b.c` (no alias) moved to `x.y.z`: code spells the module `a.b.c.f()`, which must follow. */
  readonly dottedUses = new Map<string, string>();
  /**
   * Top-level names bound by a plain `import a` or `import a.b`: `a.x.f()` reaches any submodule that something
   * imported (Python-Markdown's `import markdown` … `markdown.extensions.Extension`, loaded by the package's own
   * `__init__`), so a moved one follows even though this file never imports it.
   */
  readonly importedTops = new Set<string>();
  /** Moved modules whose import stays as it is: their dotted uses stay too, whatever a package above them does. */
  private readonly kept = new Set<string>();
  private readonly importer: Importer;

  constructor(
    private readonly file: string,
    private readonly checker: PythonChecker,
    private readonly moduleMap: ModuleMap,
  ) {
    this.importer = checker.layout.moduleNameOf(file);
  }

  private written(entry: PyImport, absolute: string): string {
    return entry.level > 0 && this.importer ? relativePythonModule(this.importer.name, this.importer.isPackage, absolute) : absolute;
  }

  private resolves(module: string): boolean {
    return this.checker.layout.resolve(module, this.file) !== undefined;
  }

  private replaceModule(entry: PyImport, text: string): void {
    if (text !== entry.module) this.edits.push({ start: entry.start, end: entry.start + entry.module.length, text });
  }

  importStatement(entry: PyImport): void {
    if (entry.level === 0 && entry.names.length === 0 && !entry.aliased) this.importedTops.add(entry.module.split('.')[0]!);
    const absolute = entry.level > 0 ? this.importer && absolutePythonModule(this.importer.name, this.importer.isPackage, entry.module) : entry.module;
    if (!absolute) return;
    const moved = this.moduleMap.matchDotted(absolute)?.rewritten;
    if (moved !== undefined && moved !== absolute) {
      if (this.resolves(moved)) {
        this.replaceModule(entry, this.written(entry, moved));
        if (entry.level === 0 && entry.names.length === 0 && !entry.aliased) this.addDottedUses(absolute);
      } else {
        this.kept.add(absolute);
        if (!this.resolves(absolute)) this.unrewritten.push({ start: entry.start, specifier: entry.module, reason: `${moved} does not resolve either` });
      }
      return;
    }
    this.movedSubmodules(entry, absolute);
  }

  /** The module and each package above it that the map moves: `import a.b.c` also makes `a.b.x` usable. */
  private addDottedUses(absolute: string): void {
    const parts = absolute.split('.');
    for (let length = parts.length; length >= 2; length--) {
      const prefix = parts.slice(0, length).join('.');
      const moved = this.moduleMap.matchDotted(prefix)?.rewritten;
      if (moved !== undefined && moved !== prefix && this.resolves(moved)) this.dottedUses.set(prefix, moved);
    }
  }

  /**
   * `from pkg.utils import log as log_module` with `pkg.utils.log` moved to `pkg.core.log`, `from .. import tools`:
   * the names are the moved modules. Rewritten when every name moves under one new package (a renamed leaf keeps
   * its local name with `as`); a statement mixing staying names with names that leave the package is listed for a
   * person to split.
   */
  private movedSubmodules(entry: PyImport, absolute: string): void {
    const moves = entry.names.map((name) => {
      const full = `${absolute}.${name.name}`;
      const moved = this.moduleMap.matchDotted(full)?.rewritten;
      return moved === undefined || moved === full ? undefined : { name, full, moved };
    });
    const moved = moves.filter((move) => move !== undefined);
    if (moved.length === 0) return;
    const parents = new Set(moved.map((move) => move.moved.split('.').slice(0, -1).join('.')));
    const unresolved = moved.find((move) => !this.resolves(move.moved));
    let blocker: string | undefined;
    // Names that stay beside a submodule renamed within the same package (`from markdown import extensions,
    // treeprocessors` with extensions/ now ext/) need no split: the leaf is renamed in place (`ext as extensions`).
    if (moved.length < entry.names.length && !(parents.size === 1 && parents.has(absolute))) blocker = `imported together with names that stay in ${absolute}: split the import`;
    else if (parents.size > 1 || parents.has('')) blocker = 'its names move to different packages: split the import';
    else if (unresolved) blocker = `${unresolved.moved} does not resolve either`;
    if (blocker) {
      for (const move of moved) {
        if (!this.resolves(move.full)) this.unrewritten.push({ start: move.name.start, specifier: move.full, reason: blocker });
      }
      return;
    }
    const parent = [...parents][0]!;
    this.replaceModule(entry, this.written(entry, parent));
    for (const move of moved) {
      const leaf = move.moved.split('.').pop()!;
      if (leaf === move.name.name) continue;
      const end = move.name.start + move.name.name.length;
      this.edits.push({ start: move.name.start, end, text: move.name.aliased ? leaf : `${leaf} as ${move.name.name}` });
    }
  }

  /** `mock.patch("pkg.tools.x.Y")`, `importlib.import_module("pkg.tools.x")`: the string follows the move. */
  stringPath(value: string, start: number, kind: 'module' | 'target' | 'either'): void {
    const moved = this.moduleMap.matchDotted(value)?.rewritten;
    if (moved === undefined || moved === value) return;
    if (this.checker.stringResolves(moved, kind, this.file) !== false) this.edits.push({ start, end: start + value.length, text: moved });
    else if (this.checker.stringResolves(value, kind, this.file) === false) this.unrewritten.push({ start, specifier: value, reason: `${moved} does not resolve either` });
  }

  /**
   * A dotted string no known call takes, when the map moves the module it spells away and the new module resolves:
   * an import spec (`'markdown.extensions.abbr:AbbrExtension'`, `"app.main:app"`) follows the move; a bare dotted
   * string may name the module (Python-Markdown's `extensions=['markdown.extensions.toc']`: 13 strings in its
   * tests, left broken while apply exited 0) or only look like one (`entry_points(group='markdown.extensions')`, a
   * logger's name), so it is listed for a person to decide, never rewritten.
   */
  loosePath(value: string, start: number): void {
    const colon = value.indexOf(':');
    const module = colon === -1 ? value : value.slice(0, colon);
    const kind = colon === -1 ? 'either' : 'module';
    const moved = this.moduleMap.matchDotted(module)?.rewritten;
    if (moved === undefined || moved === module || this.checker.stringResolves(module, kind, this.file) !== false) return;
    if (this.checker.stringResolves(moved, kind, this.file) === false) return;
    if (colon !== -1) this.edits.push({ start, end: start + module.length, text: moved });
    else this.unrewritten.push({ start, specifier: value, reason: `a string that spells a moved module (${moved} resolves): rewrite it by hand where it names the module` });
  }

  /** `a.x` under an imported top-level `a`, when the map moves the module `a.x`, which is gone, to one that resolves. */
  private movedThroughTop(chain: string): string | undefined {
    if (!this.importedTops.has(chain.split('.')[0]!)) return undefined;
    const moved = this.moduleMap.matchDotted(chain)?.rewritten;
    return moved !== undefined && moved !== chain && !this.resolves(chain) && this.resolves(moved) ? moved : undefined;
  }

  /** Outermost attribute chains spelling a moved module (`pkg.tools.util` in `pkg.tools.util.f()`), by text. */
  dottedUseEdits(root: SyntaxNode): void {
    const stack: SyntaxNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'import_statement' || node.type === 'import_from_statement') continue;
      if (node.type === 'attribute') {
        if (this.kept.has(node.text)) continue;
        const moved = this.dottedUses.get(node.text) ?? this.movedThroughTop(node.text);
        if (moved !== undefined) {
          this.edits.push({ start: node.startIndex, end: node.startIndex + node.text.length, text: moved });
          continue;
        }
      }
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i);
        if (child) stack.push(child);
      }
    }
  }
}

/**
 * The module map's rewrites of one Python file, checked against the tree on disk (the modules have moved): each
 * import, each dotted use of a moved `import a.b.c`, each module path in a string, written only when the new
 * form resolves; the moved ones that cannot be written are listed in `unrewritten`.
 */
export function pythonMoveEdits(parser: Parser, text: string, file: string, checker: PythonChecker, moduleMap: ModuleMap): PythonMoveEdits {
  const moves = new FileMoves(file, checker, moduleMap);
  const found = extractPythonModules(parser, text);
  for (const entry of found.imports) {
    // The span must hold the module as written (no line continuation inside it) to be replaced in place.
    if (text.slice(entry.start, entry.start + entry.module.length) === entry.module) moves.importStatement(entry);
  }
  for (const entry of found.strings) moves.stringPath(entry.value, entry.start, entry.kind);
  for (const entry of found.loose) moves.loosePath(entry.value, entry.start);
  if (moves.dottedUses.size > 0 || moves.importedTops.size > 0) {
    const tree = parser.parse(text);
    if (tree) {
      moves.dottedUseEdits(tree.rootNode);
      tree.delete();
    }
  }
  return { edits: moves.edits, unrewritten: moves.unrewritten };
}
