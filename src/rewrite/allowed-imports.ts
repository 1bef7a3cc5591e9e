import type { Reference } from '../findings/model.js';
import type { SyntaxNode, Tree } from '../lang/tree-sitter.js';
import type { AllowedModules } from './allowed-modules.js';
import type { Edit, EditKind } from './edits.js';
import { renamedIdentifier } from './shorthand.js';
import type { FileWork } from './work.js';

/**
 * Names that belong to an allowed file (`--allow`), seen from the files that import them. The allowed file keeps
 * exporting the old name, so the importing side keeps it where it names the export and renames only its own
 * binding: `import { sessionId as flowId }`, `export { sessionId as flowId } from`, `from m import session_id as
 * flow_id`. An access through the module object (`compat.sessionId`, `session.session_id`) names the export
 * itself and stays.
 */
export interface AllowedSites {
  /** Imported names that stay as written, with nothing to report: the import already has an alias. */
  readonly unchanged: Set<Reference>;
  /** The edit that aliases an imported name, for every reference inside that name. */
  readonly aliases: Map<Reference, Edit>;
  /** Accesses through an allowed module's namespace, with why they stay. */
  readonly kept: Map<Reference, string>;
}

const keptReason = (file: string): string => `kept: declared in an allowed file (${file})`;
const isField = (parent: SyntaxNode, field: string, node: SyntaxNode): boolean => parent.childForFieldName(field)?.id === node.id;
const unquote = (literal: SyntaxNode): string => literal.text.slice(1, -1);

export function allowedImportSites(work: readonly FileWork[], kinds: ReadonlySet<string>, modules: AllowedModules): AllowedSites {
  const sites: AllowedSites = { unchanged: new Set(), aliases: new Map(), kept: new Map() };
  if (!modules.active) return sites;
  for (const file of work) {
    if (!file.tree) continue;
    const python = file.source.language === 'python';
    let namespaces: Map<string, string> | undefined;
    for (const [reference, node] of file.nodes) {
      const parent = node.parent;
      if (!parent) continue;
      const imported = python ? pythonImportedName(file, node, modules) : tsImportedName(file, node, modules);
      if (imported) {
        const { name, aliased } = imported;
        const inName = file.references.filter((r) => file.nodes.get(r)?.id === node.id);
        if (aliased || !kinds.has(reference.kind)) for (const r of inName) sites.unchanged.add(r);
        else {
          const edit: Edit = { start: name.startIndex, end: name.endIndex, text: `${name.text} as ${renamedIdentifier(node, inName)}`, kind: reference.kind as EditKind };
          for (const r of inName) sites.aliases.set(r, edit);
        }
        continue;
      }
      const object = python ? pythonAccessObject(node) : tsAccessObject(node);
      if (!object) continue;
      namespaces ??= python ? pythonNamespaces(file, file.tree, modules) : tsNamespaces(file, file.tree, modules);
      const allowedFile = namespaces.get(object);
      if (allowedFile) sites.kept.set(reference, keptReason(allowedFile));
    }
  }
  return sites;
}

const TS_SPECIFIERS: Readonly<Record<string, string>> = { import_specifier: 'import_statement', export_specifier: 'export_statement' };

/** `sessionId` in `import { sessionId } from '<allowed>'` or `export { sessionId } from '<allowed>'`. */
function tsImportedName(file: FileWork, node: SyntaxNode, modules: AllowedModules): { name: SyntaxNode; aliased: boolean } | undefined {
  const specifier = node.parent!;
  const statementType = TS_SPECIFIERS[specifier.type];
  if (!statementType || !isField(specifier, 'name', node)) return undefined;
  let statement: SyntaxNode | null = specifier.parent;
  while (statement && statement.type !== statementType) statement = statement.parent;
  const source = statement?.childForFieldName('source');
  if (!source || modules.tsModule(file.source.absolutePath, unquote(source)) === undefined) return undefined;
  return { name: node, aliased: specifier.childForFieldName('alias') !== null };
}

/** The object of `compat.sessionId` (an access) or `compat.LegacySession` (a type), when `node` is the member. */
function tsAccessObject(node: SyntaxNode): string | undefined {
  const parent = node.parent!;
  if (parent.type === 'member_expression' && isField(parent, 'property', node)) {
    const object = parent.childForFieldName('object');
    return object?.type === 'identifier' ? object.text : undefined;
  }
  if (parent.type === 'nested_type_identifier' && isField(parent, 'name', node)) {
    const module = parent.childForFieldName('module');
    return module?.type === 'identifier' ? module.text : undefined;
  }
  return undefined;
}

/** `import * as compat from '<allowed>'`: binding → allowed file. Shadowing is not followed (see the report). */
function tsNamespaces(file: FileWork, tree: Tree, modules: AllowedModules): Map<string, string> {
  const found = new Map<string, string>();
  for (const statement of tree.rootNode.namedChildren) {
    if (statement?.type !== 'import_statement') continue;
    const namespace = statement.namedChildren.find((c) => c?.type === 'import_clause')?.namedChildren.find((c) => c?.type === 'namespace_import');
    const binding = namespace?.namedChildren.find((c) => c?.type === 'identifier');
    const source = statement.childForFieldName('source');
    const allowed = binding && source && modules.tsModule(file.source.absolutePath, unquote(source));
    if (binding && allowed) found.set(binding.text, allowed);
  }
  return found;
}

/** `session_id` in `from <allowed> import session_id` (or `session_id as x`). */
function pythonImportedName(file: FileWork, node: SyntaxNode, modules: AllowedModules): { name: SyntaxNode; aliased: boolean } | undefined {
  const name = node.parent!;
  if (name.type !== 'dotted_name' || name.namedChildCount !== 1) return undefined;
  const aliased = name.parent?.type === 'aliased_import';
  const statement = aliased ? name.parent!.parent : name.parent;
  if (statement?.type !== 'import_from_statement' || !isField(aliased ? name.parent! : statement, 'name', name)) return undefined;
  const module = statement.childForFieldName('module_name')?.text.replace(/\s+/g, '');
  if (!module || modules.pythonModule(file.source.absolutePath, module, name.text) === undefined) return undefined;
  return { name, aliased };
}

/** The object of `session.session_id` or `app.compat.session.session_id`, when `node` is the attribute. */
function pythonAccessObject(node: SyntaxNode): string | undefined {
  const parent = node.parent!;
  if (parent.type !== 'attribute' || !isField(parent, 'attribute', node)) return undefined;
  const object = parent.childForFieldName('object');
  return object && /^[\w.\s]+$/.test(object.text) ? object.text.replace(/\s+/g, '') : undefined;
}

/** Names bound to an allowed module: `import a.b as s`, `import a.b` (as `a.b`), `from a import b` (b a module). */
function pythonNamespaces(file: FileWork, tree: Tree, modules: AllowedModules): Map<string, string> {
  const found = new Map<string, string>();
  const importer = file.source.absolutePath;
  const bind = (name: SyntaxNode | null | undefined, alias: SyntaxNode | null | undefined, allowed: string | undefined) => {
    if (allowed && name) found.set((alias ?? name).text.replace(/\s+/g, ''), allowed);
  };
  for (const statement of tree.rootNode.namedChildren) {
    if (statement?.type !== 'import_statement' && statement?.type !== 'import_from_statement') continue;
    const module = statement.childForFieldName('module_name')?.text.replace(/\s+/g, '');
    for (const child of statement.childrenForFieldName('name')) {
      const name = child?.type === 'aliased_import' ? child.childForFieldName('name') : child;
      const alias = child?.type === 'aliased_import' ? child.childForFieldName('alias') : undefined;
      if (!name) continue;
      const dotted = name.text.replace(/\s+/g, '');
      // `from pkg import name` binds a module only when `pkg.name` is one; an attribute is an imported name.
      const allowed = module === undefined ? modules.pythonModule(importer, dotted) : submoduleOnly(modules, importer, module, dotted);
      bind(name, alias, allowed);
    }
  }
  return found;
}

function submoduleOnly(modules: AllowedModules, importer: string, module: string, name: string): string | undefined {
  const joined = module.endsWith('.') ? module + name : `${module}.${name}`;
  return modules.pythonModule(importer, joined);
}
