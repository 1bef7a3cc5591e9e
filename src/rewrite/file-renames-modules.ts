import path from 'node:path';
import type ts from 'typescript';
import type { RenamerOptions } from '../config/options.js';
import type { Conflict, Reference } from '../findings/model.js';
import { FsCache } from '../imports/fs-cache.js';
import { PythonLayout } from '../imports/python/layout.js';
import { absolutePythonModule } from '../imports/specifier.js';
import type { TsImportKind } from '../imports/ts/extract.js';
import { PackageScopes } from '../imports/ts/packages.js';
import { TsProjects } from '../imports/ts/project.js';
import { AmbientModules, TsResolver } from '../imports/ts/resolve.js';
import type { SyntaxNode } from '../lang/tree-sitter.js';
import { loadTypeScript } from '../lang/typescript/compiler.js';
import type { ScanResult, ScannedSource } from '../scan/scan.js';
import { renamedText } from '../symbols/collisions.js';
import { externalContractOf, routeSegments, wordAround } from '../symbols/contracts.js';
import { applyEdits, normaliseEdits, type Edit } from './edits.js';
import { MovedView } from './file-renames-view.js';
import { ModuleReferences } from './module-references.js';
import type { FileRewrite, RewritePlan } from './plan.js';
import { grammarOf, SyntaxTrees } from './syntax.js';

const siteOf = (site: { file: string; line: number; column: number }): string => `${site.file}:${site.line}:${site.column}`;

/** Where a file or folder of today's tree will be once the files moved. */
function movedPathOf(fileMoves: ReadonlyMap<string, string>): (file: string) => string | undefined {
  return (file) => {
    const exact = fileMoves.get(file);
    if (exact !== undefined) return exact;
    for (const [from, to] of fileMoves) {
      if (from.startsWith(file + path.sep)) {
        const folder = to.slice(0, to.length - (from.length - file.length));
        return folder === file ? undefined : folder;
      }
    }
    return undefined;
  };
}

/** Resolution of imports in today's tree and in the tree as the moves leave it. */
class Worlds {
  private readonly typescript = loadTypeScript();
  private tsBefore?: TsResolver;
  private tsAfter?: TsResolver;
  private pyBefore?: PythonLayout;
  private pyAfter?: PythonLayout;
  readonly movedPath: (file: string) => string | undefined;

  constructor(
    private readonly cwd: string,
    private readonly fileMoves: ReadonlyMap<string, string>,
    private readonly pythonFiles: readonly string[],
  ) {
    this.movedPath = movedPathOf(fileMoves);
  }

  private resolver(fsCache: FsCache): TsResolver {
    return new TsResolver(this.typescript, fsCache, new TsProjects(this.typescript, fsCache, this.cwd), new PackageScopes(fsCache), new AmbientModules(), this.cwd);
  }

  /** Whether a TS/JS specifier, renamed word by word, names in the renamed tree the very file it names today. */
  tsFollows(importer: string, oldSpecifier: string, newSpecifier: string, kind: TsImportKind): boolean {
    this.tsBefore ??= this.resolver(new FsCache());
    this.tsAfter ??= this.resolver(new MovedView(this.fileMoves));
    const target = this.tsBefore.resolve(importer, oldSpecifier, kind).target;
    const expected = target === undefined ? undefined : this.movedPath(target);
    if (expected === undefined) return false;
    const after = this.tsAfter.resolve(this.movedPath(importer) ?? importer, newSpecifier, kind, true);
    return after.resolved && after.target === expected;
  }

  /** The same for a Python module path (dotted or relative) imported by `importer`. */
  pythonFollows(importer: string, oldModule: string, newModule: string): boolean {
    this.pyBefore ??= new PythonLayout(new FsCache(), this.cwd, this.pythonFiles);
    this.pyAfter ??= new PythonLayout(new MovedView(this.fileMoves), this.cwd, this.pythonFiles.map((file) => this.movedPath(file) ?? file));
    const movedImporter = this.movedPath(importer) ?? importer;
    const where = (layout: PythonLayout, file: string, module: string): string | undefined => {
      const name = module.startsWith('.') ? layout.moduleNameOf(file) : undefined;
      const absolute = module.startsWith('.') ? name && absolutePythonModule(name.name, name.isPackage, module) : module;
      const hit = absolute ? layout.resolve(absolute, file) : undefined;
      return hit === undefined ? undefined : hit.kind === 'module' ? hit.file : hit.dir;
    };
    const before = where(this.pyBefore, importer, oldModule);
    const expected = before === undefined ? undefined : this.movedPath(before);
    return expected !== undefined && where(this.pyAfter, movedImporter, newModule) === expected;
  }
}

/**
 * `pkg.module` in an expression, where `import pkg` (or `import pkg.module`) is in the file and `pkg.module` is a
 * module that moves: the attribute names the module, as a module path would.
 */
function dottedModuleUse(source: ScannedSource, node: SyntaxNode | null, follows: (source: ScannedSource, node: SyntaxNode, submoduleOf: string | undefined) => boolean): boolean {
  const attribute = node?.parent;
  if (!node || node.type !== 'identifier' || attribute?.type !== 'attribute' || attribute.childForFieldName('attribute')?.id !== node.id) return false;
  const owner = attribute.childForFieldName('object');
  if (!owner || !/^[A-Za-z_][\w.]*$/.test(owner.text)) return false;
  const root = owner.text.split('.')[0];
  if (!new RegExp(`^[ \\t]*import[ \\t]+${root}\\b`, 'm').test(source.text)) return false;
  return follows(source, attribute, undefined);
}

function tsKindOf(node: SyntaxNode): TsImportKind {
  if (node.parent?.type !== 'arguments') return 'import';
  return node.parent.parent?.childForFieldName('function')?.text === 'require' ? 'require' : 'dynamic-import';
}

const joinModule = (owner: string, name: string): string => (owner.endsWith('.') ? owner + name : `${owner}.${name}`);

/**
 * `apply --files`: the module paths that name a moved file (`./SessionPanel`, `@/components/SessionPanel`,
 * `from .session_manager import …`, `from app import session_manager` and that module's uses). Planned on today's
 * tree, they are conflicts ("does not exist: move the module first"); each whose renamed spelling names, in the
 * renamed tree, the file it names today follows the move: its conflict becomes the word's replacement. A rename
 * keeps the tree's shape, so a specifier's words are all that change (relative, alias and extension styles stay).
 */
export async function followMoves(
  options: RenamerOptions,
  result: ScanResult,
  plan: RewritePlan,
  fileMoves: ReadonlyMap<string, string>,
): Promise<{ readonly plan: RewritePlan; readonly stuckRouteKeys: readonly Conflict[] }> {
  if (fileMoves.size === 0) return { plan, stuckRouteKeys: [] };
  const bySite = new Map<string, Reference>();
  const byFile = new Map<string, Reference[]>();
  for (const reference of [...result.report.references, ...result.foreignSites]) {
    bySite.set(siteOf(reference), reference);
    byFile.set(reference.file, [...(byFile.get(reference.file) ?? []), reference]);
  }
  const pythonFiles = result.discovered.filter((file) => /\.pyi?$/.test(file));
  const worlds = new Worlds(options.cwd, fileMoves, pythonFiles);
  const trees = new SyntaxTrees();
  await trees.load(new Set([...result.sources.values()].map((source) => grammarOf(source.path, source.language)).filter((grammar) => grammar !== undefined)));

  const verdicts = new Map<string, boolean>();
  const renamed = (source: ScannedSource, node: SyntaxNode): string =>
    renamedText(node, (byFile.get(source.path) ?? []).filter((reference) => reference.start >= node.startIndex && reference.end <= node.endIndex));
  const follows = (source: ScannedSource, node: SyntaxNode, submoduleOf: string | undefined): boolean => {
    const key = `${source.path}:${node.startIndex}:${node.endIndex}`;
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      if (source.language !== 'python') {
        verdict = node.type === 'string' && worlds.tsFollows(source.absolutePath, node.text.slice(1, -1), renamed(source, node).slice(1, -1), tsKindOf(node));
      } else if (submoduleOf === undefined) {
        verdict = worlds.pythonFollows(source.absolutePath, node.text, renamed(source, node));
      } else {
        const owner = node.parent?.type === 'aliased_import' ? node.parent.parent : node.parent;
        const moduleName = owner?.childForFieldName('module_name');
        verdict = moduleName !== undefined && moduleName !== null && worlds.pythonFollows(source.absolutePath, joinModule(submoduleOf, node.text), joinModule(renamed(source, moduleName), renamed(source, node)));
      }
      verdicts.set(key, verdict);
    }
    return verdict;
  };

  const edits = new Map<string, Edit[]>();
  const followed = new Set<string>();
  /** `file\0reason` of a module imported by name that moved: the sites its uses share that reason. */
  const movedNames = new Set<string>();
  const follow = (reference: Reference, edit?: Edit): void => {
    followed.add(siteOf(reference));
    const next = edit ?? { start: reference.start, end: reference.end, text: reference.replacement, kind: reference.kind };
    edits.set(reference.file, [...(edits.get(reference.file) ?? []), next]);
  };
  const left = [...plan.conflicts, ...plan.unattributed];
  for (const entry of left) {
    const reference = bySite.get(siteOf(entry));
    const source = reference && result.sources.get(reference.file);
    const tree = source && trees.get(source.path, source.language, source.text);
    const specifier = tree && reference && ModuleReferences.specifierNode(tree, reference);
    if (!specifier || !follows(source!, specifier.node, specifier.submoduleOf)) continue;
    follow(reference!);
    if (specifier.submoduleOf !== undefined) movedNames.add(`${entry.file}\0${entry.reason}`);
  }
  for (const entry of left) {
    const reference = bySite.get(siteOf(entry));
    if (reference && !followed.has(siteOf(entry)) && movedNames.has(`${entry.file}\0${entry.reason}`)) follow(reference);
  }
  // A module path whose kind the plan leaves out (`--kinds path`) still names a moved file: it follows its file, as a
  // symbol's sites follow it whatever their kinds. So does a moved module reached through its package
  // (`requests.sessions.get_netrc_auth` after `import requests`), which no engine binds once the module is gone.
  const leftSites = new Set(left.map(siteOf));
  for (const reference of bySite.values()) {
    if (reference.allowed || followed.has(siteOf(reference))) continue;
    const excluded = !options.kinds.has(reference.kind);
    if (!excluded && !leftSites.has(siteOf(reference))) continue;
    const source = result.sources.get(reference.file);
    const tree = source && trees.get(source.path, source.language, source.text);
    if (!tree) continue;
    const specifier = excluded ? ModuleReferences.specifierNode(tree, reference) : undefined;
    if (specifier && specifier.submoduleOf === undefined && follows(source!, specifier.node, undefined)) follow(reference);
    else if (source!.language === 'python' && dottedModuleUse(source!, tree.rootNode.descendantForIndex(reference.start, reference.end), follows)) follow(reference);
  }
  const { replaced, stuck } = routeKeys(options, result, plan, fileMoves, { bySite, trees, follow });
  // A spelling held because an untyped read spelled it (a module imported by name, a route key) is free once that
  // read followed (`importlib.import_module("app.session.store")` beside `from app import session`). A shorthand
  // (`{ sessionId }`) names two things at once, which only the engine's rename can split: it stays held.
  const isShorthand = (reference: Reference): boolean => {
    const source = result.sources.get(reference.file);
    const tree = source && trees.get(source.path, source.language, source.text);
    return tree?.rootNode.descendantForIndex(reference.start, reference.end)?.type.startsWith('shorthand_property_identifier') ?? false;
  };
  const stillUnattributed = plan.unattributed.filter((entry) => !followed.has(siteOf(entry)));
  const heldSpellings = new Set(stillUnattributed.map((entry) => bySite.get(siteOf(entry))).filter((reference) => reference !== undefined).map((reference) => spellingOf(result, reference)));
  for (const entry of plan.conflicts) {
    const held = /^held: `([^`]+)` is also read at /.exec(entry.reason);
    const reference = bySite.get(siteOf(entry));
    if (held && reference && !isShorthand(reference) && !followed.has(siteOf(entry)) && !heldSpellings.has(held[1]) && followedAnySpelled(held[1], followed, bySite, result)) follow(reference);
  }
  if (followed.size === 0) return { plan, stuckRouteKeys: stuck };
  return { plan: withEdits(plan, result, edits, replaced, (entry) => !followed.has(siteOf(entry))), stuckRouteKeys: stuck };
}

const spellingOf = (result: ScanResult, reference: Reference): string => wordAround(result.sources.get(reference.file)?.text ?? '', reference.start, reference.end);

function followedAnySpelled(spelling: string, followed: ReadonlySet<string>, bySite: ReadonlyMap<string, Reference>, result: ScanResult): boolean {
  for (const site of followed) {
    const reference = bySite.get(site);
    if (reference && spellingOf(result, reference) === spelling) return true;
  }
  return false;
}

/**
 * Keys read from a moved route's parameters (`const { sessionId } = req.query` in `[sessionId].ts`): with the file
 * renamed to `[flowId].ts` the key is `flowId`, one name with the segment. A shorthand whose local the plan renamed
 * (`{ sessionId: flowId }`) becomes `{ flowId }`; a read no symbol owns (`req.query.sessionId`) is renamed.
 * Returns the plan's edits this replaces, by file, and the keys that would keep the old segment's spelling (their
 * route cannot move: the segment and the key are one name).
 */
function routeKeys(
  options: RenamerOptions,
  result: ScanResult,
  plan: RewritePlan,
  fileMoves: ReadonlyMap<string, string>,
  { bySite, trees, follow }: { bySite: ReadonlyMap<string, Reference>; trees: SyntaxTrees; follow: (reference: Reference, edit?: Edit) => void },
): { replaced: Map<string, Edit[]>; stuck: Conflict[] } {
  const relative = (file: string): string => path.relative(options.cwd, file).split(path.sep).join('/');
  const renamedSegments = new Map<string, string>();
  for (const [from, to] of fileMoves) {
    const before = [...routeSegments([relative(from)])];
    const after = [...routeSegments([relative(to)])];
    before.forEach((segment, index) => {
      if (after[index] !== undefined && after[index] !== segment) renamedSegments.set(segment, after[index]);
    });
  }
  const replaced = new Map<string, Edit[]>();
  const stuck: Conflict[] = [];
  if (renamedSegments.size === 0) return { replaced, stuck };
  const segments = routeSegments(result.discovered.map(relative));
  const planned = new Map(plan.files.map((file) => [file.path, file]));
  const left = new Set([...plan.conflicts, ...plan.unattributed].map(siteOf));
  for (const reference of bySite.values()) {
    if (reference.language !== 'typescript' && reference.language !== 'javascript') continue;
    const source = result.sources.get(reference.file);
    const tree = source && trees.get(source.path, source.language, source.text);
    if (!tree) continue;
    const node = tree.rootNode.descendantForIndex(reference.start, reference.end);
    const next = node ? renamedSegments.get(node.text) : undefined;
    if (!node || next === undefined || node.startIndex > reference.start || node.endIndex < reference.end) continue;
    const reason = externalContractOf({ start: reference.start, end: reference.end, path: reference.file, tree, routeSegments: segments });
    if (!reason?.includes('is a route parameter')) continue;
    const shorthand = planned.get(reference.file)?.edits.find((edit) => edit.start === node.startIndex && edit.end === node.endIndex && edit.text === `${node.text}: ${next}`);
    if (!shorthand && !left.has(siteOf(reference))) {
      // The plan renames the key as a symbol (`params.sessionId` of a declared type), or leaves it: then the route stays.
      const edits = planned.get(reference.file)?.edits.filter((edit) => edit.start >= node.startIndex && edit.end <= node.endIndex) ?? [];
      const spelled = applyEdits(node.text, edits.map((edit) => ({ ...edit, start: edit.start - node.startIndex, end: edit.end - node.startIndex })));
      if (spelled !== next) stuck.push({ file: reference.file, line: reference.line, column: reference.column, text: node.text, reason: `the route parameter ${node.text} would keep its name` });
      continue;
    }
    if (shorthand) replaced.set(reference.file, [...(replaced.get(reference.file) ?? []), shorthand]);
    follow(reference, { start: node.startIndex, end: node.endIndex, text: next, kind: reference.kind });
  }
  return { replaced, stuck };
}

/** The plan with more edits (by relative path), and the conflicts they settle left out. */
function withEdits(plan: RewritePlan, result: ScanResult, added: ReadonlyMap<string, Edit[]>, replaced: ReadonlyMap<string, Edit[]>, keep: (conflict: Conflict) => boolean): RewritePlan {
  const files = new Map<string, FileRewrite>(plan.files.map((file) => [file.path, file]));
  const byKind = { ...plan.byKind };
  for (const [file, edits] of added) {
    const existing = files.get(file);
    const source = result.sources.get(file)!;
    const original = existing?.original ?? source.text;
    const dropped = replaced.get(file) ?? [];
    const normalised = normaliseEdits(file, [...(existing?.edits ?? []).filter((edit) => !dropped.includes(edit)), ...edits]);
    files.set(file, { path: file, absolutePath: existing?.absolutePath ?? source.absolutePath, language: source.language, bom: existing?.bom ?? source.bom, original, updated: applyEdits(original, normalised), edits: normalised });
    for (const edit of edits) byKind[edit.kind] = (byKind[edit.kind] ?? 0) + 1;
    for (const edit of dropped) byKind[edit.kind] = (byKind[edit.kind] ?? 1) - 1;
  }
  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ...plan, files: sorted, conflicts: plan.conflicts.filter(keep), unattributed: plan.unattributed.filter(keep), byKind };
}
