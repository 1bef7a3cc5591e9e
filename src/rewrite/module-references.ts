import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Reference } from '../findings/model.js';
import { FsCache } from '../imports/fs-cache.js';
import { PythonLayout } from '../imports/python/layout.js';
import { absolutePythonModule } from '../imports/specifier.js';
import type { SyntaxNode, Tree } from '../lang/tree-sitter.js';
import type { ScannedSource } from '../scan/scan.js';

/**
 * A match inside a module path (`import x from './session-store'`, `from app.session_store import x`) renames a
 * file reference, not a name: rewriting it is only right once the module itself has moved. Such references are
 * rewritten when the new path resolves, and otherwise left as conflicts (move the file, or use --map).
 */
export class ModuleReferences {
  private layout: PythonLayout | undefined;

  constructor(
    private readonly cwd: string,
    private readonly pythonFiles: () => readonly string[],
  ) {}

  /**
   * The module-path node holding the reference, if it stands in one; `submoduleOf` is set for a name imported from
   * a package (`from app import session_store`), which is a module path only when it names a module.
   */
  static specifierNode(tree: Tree, reference: Reference): { node: SyntaxNode; submoduleOf?: string } | undefined {
    let node: SyntaxNode | null = tree.rootNode.descendantForIndex(reference.start, Math.max(reference.start, reference.end - 1));
    for (; node; node = node.parent) {
      const parent = node.parent;
      if (!parent) return undefined;
      if (node.type === 'string' && (parent.type === 'import_statement' || parent.type === 'export_statement')) return { node };
      if (node.type === 'string' && parent.type === 'arguments') {
        const callee = parent.parent?.childForFieldName('function')?.text;
        return callee === 'require' || callee === 'import' ? { node } : undefined;
      }
      if (node.type === 'relative_import' && parent.type === 'import_from_statement') return { node };
      if (node.type !== 'dotted_name') continue;
      if (parent.type === 'relative_import') continue;
      const owner = parent.type === 'aliased_import' ? parent.parent : parent;
      if (owner?.type === 'import_statement') return { node };
      if (owner?.type !== 'import_from_statement') return undefined;
      const moduleName = owner.childForFieldName('module_name');
      if (moduleName?.id === node.id) return { node };
      return moduleName ? { node, submoduleOf: moduleName.text } : undefined;
    }
    return undefined;
  }

  /** Why the renamed module path cannot be written, or undefined when it resolves. */
  problem(source: ScannedSource, node: SyntaxNode, renamed: string, submoduleOf?: string): string | undefined {
    if (submoduleOf !== undefined) {
      // `from pkg import name`: only a submodule is a module path; an attribute is renamed like any name.
      const join = (name: string) => (submoduleOf.endsWith('.') ? submoduleOf + name : `${submoduleOf}.${name}`);
      if (this.pythonProblem(source, join(node.text)) !== undefined) return undefined;
      return this.pythonProblem(source, join(renamed));
    }
    if (source.language === 'python') return this.pythonProblem(source, renamed);
    const specifier = renamed.slice(1, -1);
    if (!specifier.startsWith('.')) return `module specifier '${specifier}' names a package or alias; rename it with --map`;
    const target = path.resolve(path.dirname(source.absolutePath), specifier);
    const stem = target.replace(/\.(c|m)?jsx?$/, '');
    const candidates = [target, ...['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.json'].flatMap((ext) => [stem + ext, target + ext, path.join(target, `index${ext}`)])];
    return candidates.some((candidate) => existsSync(candidate)) ? undefined : `'${specifier}' does not exist: move the module first (or use --map); the import is left as it is`;
  }

  /**
   * `from pkg import session_events` after `pkg/session_events.py` became `pkg/flow_events.py`: the old name is no
   * module any more and the new one is, so the name is a module path that must follow the move.
   */
  submoduleMoved(source: ScannedSource, submoduleOf: string, name: string, renamed: string): boolean {
    const join = (part: string) => (submoduleOf.endsWith('.') ? submoduleOf + part : `${submoduleOf}.${part}`);
    return this.pythonProblem(source, join(name)) !== undefined && this.pythonProblem(source, join(renamed)) === undefined;
  }

  private pythonProblem(source: ScannedSource, renamed: string): string | undefined {
    this.layout ??= new PythonLayout(new FsCache(), this.cwd, this.pythonFiles());
    const importer = this.layout.moduleNameOf(source.absolutePath);
    const absolute = renamed.startsWith('.') ? importer && absolutePythonModule(importer.name, importer.isPackage, renamed) : renamed;
    if (absolute && this.layout.resolve(absolute, source.absolutePath)) return undefined;
    return `module ${renamed} does not exist: move the module first (or use --map); the import is left as it is`;
  }
}
