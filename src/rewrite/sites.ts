import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { RenamerOptions } from '../config/options.js';
import type { Conflict, Reference } from '../findings/model.js';
import { LineIndex } from '../findings/positions.js';
import { engineFor, type EngineLanguage } from '../lang/engines.js';
import type { Tree } from '../lang/tree-sitter.js';
import type { ScanResult, ScannedSource } from '../scan/scan.js';
import { collisionsOf, renamedText } from '../symbols/collisions.js';
import { externalContractOf, routeSegments, wordAround } from '../symbols/contracts.js';
import type { SiteQuery } from '../symbols/model.js';
import type { Edit } from './edits.js';
import { ModuleReferences } from './module-references.js';
import { grammarOf, nodeAt, SyntaxTrees } from './syntax.js';

/** A file with references, as planning sees it. */
export interface PlannedFile {
  readonly source: ScannedSource;
  readonly tree?: Tree;
  readonly lines: LineIndex;
  /** Every reference of the file, allowed ones too, by position. */
  readonly references: readonly Reference[];
  /** The references that lie inside [start, end). */
  referencesIn(start: number, end: number): Reference[];
}

export interface PlannedSites {
  readonly byAbsolute: ReadonlyMap<string, PlannedFile>;
  readonly byRelative: ReadonlyMap<string, PlannedFile>;
  /** The sites each engine is asked about. */
  readonly queries: Map<EngineLanguage, SiteQuery[]>;
  readonly queryOf: Map<Reference, SiteQuery>;
  /** References no engine is asked about, rewritten site by site: comments, SQL and text files. */
  readonly free: Reference[];
  /** Module paths that do not resolve once renamed. */
  readonly conflicts: Conflict[];
  /** Module paths that resolve once renamed, by absolute path. */
  readonly moduleEdits: Map<string, Edit[]>;
  /** Strings an engine found flowing into a dependency's or the platform's API. */
  readonly engineExternal: Map<Reference, string>;
  /** Why a symbol named at this reference cannot be renamed: a collision at its declaration, an unresolvable module. */
  blockedAt(reference: Reference): string | undefined;
  /** Why this reference is an external contract, as syntax alone tells. */
  externalAt(reference: Reference): string | undefined;
  /**
   * Whether a string reference is a key of an object or dict literal. Only keys carry a name into a dependency's
   * API (`posthog.capture('e', { $session_id })`, `requests.post(json={"session_id": s})`); a plain string
   * argument is a value the project chose (`assert.deepEqual(keys, ['session_id'])`, a message, a storage key).
   */
  isKey(reference: Reference): boolean;
  /**
   * Whether a string reference is a whole identifier-shaped literal handed straight to a call, as a keyword
   * value or positional argument (`pytest.fixture(scope="session")`): the word is one of the callee's values,
   * not prose, so when a dependency declares the callee it is that dependency's vocabulary. In TypeScript and
   * JavaScript, a whole literal argument or an element of an array literal argument (an argv); in Python, an element of a
   * list or tuple argument too (`subprocess.run(["git", "exit-override"])`).
   */
  isWholeArgument(reference: Reference): boolean;
  /** Whether the reference is a key of an object literal (`{ sessionId: v }`, `{ sessionId }`), TypeScript or JavaScript. */
  isLiteralKey(reference: Reference): boolean;
  /** Whether a reference names a module this file imports by a name that moved with it (`session_events.emit`). */
  namesMovedModule(reference: Reference): boolean;
}

const CODE = new Set(['typescript', 'javascript', 'python']);

function plannedFile(source: ScannedSource, references: Reference[], tree: Tree | undefined): PlannedFile {
  const sorted = references.sort((a, b) => a.start - b.start);
  return {
    source,
    tree,
    lines: new LineIndex(source.text),
    references: sorted,
    referencesIn: (start, end) => sorted.filter((reference) => reference.start >= start && reference.end <= end),
  };
}

/** Parses the files with references, splits references into engine queries, free text and module paths. */
export async function prepareSites(options: RenamerOptions, result: ScanResult, engines: ReadonlySet<EngineLanguage>): Promise<PlannedSites> {
  const grouped = new Map<string, Reference[]>();
  for (const reference of [...result.report.references, ...result.foreignSites]) {
    if ((reference as { fallback?: boolean }).fallback) continue;
    const list = grouped.get(reference.file) ?? [];
    if (list.length === 0) grouped.set(reference.file, list);
    list.push(reference);
  }
  const trees = new SyntaxTrees();
  await trees.load([...grouped.keys()].map((file) => result.sources.get(file)!).map((s) => grammarOf(s.path, s.language)).filter((g) => g !== undefined));
  const byAbsolute = new Map<string, PlannedFile>();
  const byRelative = new Map<string, PlannedFile>();
  for (const [file, references] of grouped) {
    const source = result.sources.get(file)!;
    const tree = CODE.has(source.language) ? trees.get(source.path, source.language, source.text) : undefined;
    const planned = plannedFile(source, references, tree);
    byAbsolute.set(source.absolutePath, planned);
    // Engines answer with real paths; a file reached through a symlink is the same file.
    const real = realPath(source.absolutePath);
    if (real !== source.absolutePath) byAbsolute.set(real, planned);
    byRelative.set(file, planned);
  }

  const sites: PlannedSites = {
    byAbsolute,
    byRelative,
    queries: new Map(),
    queryOf: new Map(),
    free: [],
    conflicts: [],
    moduleEdits: new Map(),
    engineExternal: new Map(),
    blockedAt: (reference) => blocked.get(reference),
    isKey: () => false,
    isWholeArgument: () => false,
    isLiteralKey: () => false,
    namesMovedModule: () => false,
    externalAt: (reference) => {
      const file = byRelative.get(reference.file);
      if (!file?.tree) return undefined;
      const generator = generatedBy(file);
      if (generator) return `${reference.file} is generated ("${generator}"): change what it is generated from and regenerate it`;
      // apply --files: routes are read from the files' new names (a segment renamed with its file is the project's).
      const moved = (relative: string): string => result.pathMoves?.get(relative) ?? relative;
      segments ??= routeSegments(result.discovered.map((absolute) => moved(path.relative(options.cwd, absolute).split(path.sep).join('/'))));
      routes ??= routeFolders(result.discovered.map((absolute) => moved(path.relative(options.cwd, absolute).split(path.sep).join('/'))));
      if (file.source.language === 'python') pythonNames ??= pythonCodeNames(byRelative.values());
      if (file.source.language === 'typescript' || file.source.language === 'javascript') snakeNames ??= snakeLanguageWords(byRelative.values());
      return (
        externalContractOf({ start: reference.start, end: reference.end, path: moved(reference.file), tree: file.tree, routeSegments: segments, pythonNames, snakeNames }) ??
        routeStringContract(file, reference, segments, routes) ??
        installedModuleContract(file, reference, installed)
      );
    },
  };
  let segments: Set<string> | undefined;
  let routes: Set<string> | undefined;
  const installed = new Map<string, boolean>();
  let pythonNames: Set<string> | undefined;
  let snakeNames: Set<string> | undefined;
  sites.isLiteralKey = (reference) => {
    const tree = byRelative.get(reference.file)?.tree;
    const node = tree && nodeAt(tree, reference.start, reference.end);
    if (!node) return false;
    if (node.type === 'shorthand_property_identifier') return node.parent?.type === 'object';
    const pair = node.parent;
    return pair?.type === 'pair' && pair.childForFieldName('key')?.id === node.id && pair.parent?.type === 'object';
  };
  sites.isKey = (reference) => {
    const tree = byRelative.get(reference.file)?.tree;
    let node = tree && nodeAt(tree, reference.start, reference.end);
    while (node && node.type !== 'string' && node.type !== 'template_string') node = node.parent ?? undefined;
    const pair = node?.parent;
    return pair?.type === 'pair' && pair.childForFieldName('key')?.id === node!.id;
  };
  sites.isWholeArgument = (reference) => {
    if (reference.language === 'typescript' || reference.language === 'javascript') {
      // `.set('Cookie', value)`, `unseal("Cookie", now)`: the whole literal is an argument of a call.
      const tree = byRelative.get(reference.file)?.tree;
      const node = tree && nodeAt(tree, reference.start, reference.end);
      const literal = node?.type === 'string_fragment' ? node.parent : undefined;
      const fragments = literal?.namedChildren ?? [];
      const whole = literal?.type === 'string' && fragments.length === 1 && fragments[0]!.startIndex === reference.start && fragments[0]!.endIndex === reference.end;
      // An element of an array literal passed as an argument is handed over as much (`spawnSync(cmd, ['exit-override',
      // …])`: the child program's argv, which commander's tests pass; rewritten, the child got an unknown command).
      const holder = literal?.parent?.type === 'array' ? literal.parent.parent : literal?.parent;
      return whole && /^[A-Za-z_$][\w$-]*$/.test(node!.text) && holder?.type === 'arguments';
    }
    if (reference.language !== 'python') return false;
    const tree = byRelative.get(reference.file)?.tree;
    let node = tree && nodeAt(tree, reference.start, reference.end);
    while (node && node.type !== 'string') node = node.parent ?? undefined;
    const content = node?.namedChildren.filter((child) => child?.type !== 'string_start' && child?.type !== 'string_end') ?? [];
    const whole = content.length === 1 && content[0]?.type === 'string_content' && content[0].startIndex === reference.start && content[0].endIndex === reference.end;
    if (!whole) return false;
    // An element of a list or tuple argument is an argv (`subprocess.run(["git", "exit-override"])`), whose words
    // the other program looks up, hyphenated ones included.
    const listed = node!.parent?.type === 'list' || node!.parent?.type === 'tuple';
    if (!(listed ? /^[A-Za-z_][\w-]*$/ : /^[A-Za-z_][A-Za-z0-9_]*$/).test(content[0]!.text)) return false;
    const holder = node!.parent?.type === 'keyword_argument' || listed ? node!.parent!.parent : node!.parent;
    return holder?.type === 'argument_list';
  };
  const blocked = new Map<Reference, string>();
  const movedModules = new Map<string, string[]>();
  sites.namesMovedModule = (reference) => {
    const file = byRelative.get(reference.file);
    const node = file?.tree && nodeAt(file.tree, reference.start, reference.end);
    return node !== undefined && (movedModules.get(file!.source.absolutePath)?.includes(node.text) ?? false);
  };
  const modules = new ModuleReferences(options.cwd, () => result.discovered.filter((file) => /\.pyi?$/.test(file)));
  for (const file of byAbsolute.values()) {
    collisions(file, blocked);
    for (const reference of file.references) {
      const engine = engineFor(file.source.language);
      if (!engine || reference.kind === 'comment' || !file.tree) {
        if (!engine || reference.kind === 'comment') sites.free.push(reference);
        continue;
      }
      if (!engines.has(engine)) continue;
      const specifier = ModuleReferences.specifierNode(file.tree, reference);
      if (specifier) {
        const problem = modules.problem(file.source, specifier.node, renamedText(specifier.node, file.referencesIn(specifier.node.startIndex, specifier.node.endIndex)), specifier.submoduleOf);
        if (specifier.submoduleOf === undefined) {
          if (reference.allowed || !options.kinds.has(reference.kind)) continue;
          if (problem) sites.conflicts.push({ file: reference.file, line: reference.line, column: reference.column, text: reference.text, reason: problem });
          else addTo(sites.moduleEdits, file.source.absolutePath, { start: reference.start, end: reference.end, text: reference.replacement, kind: reference.kind });
          continue;
        }
        if (problem) blocked.set(reference, problem);
        else if (modules.submoduleMoved(file.source, specifier.submoduleOf, specifier.node.text, renamedText(specifier.node, file.referencesIn(specifier.node.startIndex, specifier.node.endIndex)))) {
          // The imported module moved: the import follows it, and so do the file's uses of its name (which no engine
          // can bind, since the old module is gone).
          if (!reference.allowed && options.kinds.has(reference.kind)) addTo(sites.moduleEdits, file.source.absolutePath, { start: reference.start, end: reference.end, text: reference.replacement, kind: reference.kind });
          addTo(movedModules, file.source.absolutePath, specifier.node.text);
          continue;
        }
      }
      const query: SiteQuery = { file: file.source.absolutePath, start: reference.start, end: reference.end, text: reference.text, kind: reference.kind };
      sites.queryOf.set(reference, query);
      const queue = sites.queries.get(engine) ?? [];
      if (queue.length === 0) sites.queries.set(engine, queue);
      queue.push(query);
    }
  }
  return sites;
}

/**
 * The generator's marker when a file says in its leading comments that a tool wrote it (`// Generated by Wrangler`,
 * `@generated`, Go's `Code generated … DO NOT EDIT`): a hand edit is lost at the next generation, and such files
 * often describe somebody else's API (Cloudflare's runtime types).
 */
// "Generated by …" counts only where the comment starts with it (`# Generated by Django 4.2`, `// This file was
// generated by protoc`): prose such as Jinja's `"""AST nodes generated by the parser …` describes other things.
const GENERATED_MARKER =
  /@generated\b|\bcode generated\b.*\bdo not edit\b|\bdo not edit\b|^(?:this (?:file|module|code) (?:is|was|has been) )?(?:auto(?:matically)?[- ]?)?generated (?:by|from|with|using)\b/i;
const generatedMarks = new WeakMap<PlannedFile, string | null>();
function generatedBy(file: PlannedFile): string | undefined {
  let mark = generatedMarks.get(file);
  if (mark === undefined) {
    mark = null;
    for (const line of file.source.text.split('\n', 8)) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#!')) continue;
      if (!/^(?:\/\/|\/\*|\*|#|"""|''')/.test(trimmed)) break;
      const said = trimmed.replace(/^(?:\/\/|\/\*+|\*|#|"""|''')\s*/, '').replace(/\s*\*\/$/, '');
      if (GENERATED_MARKER.test(said)) {
        mark = said.length > 60 ? `${said.slice(0, 59)}…` : said;
        break;
      }
    }
    generatedMarks.set(file, mark);
  }
  return mark ?? undefined;
}

const DECLARING_KINDS: ReadonlySet<string> = new Set(['class', 'function', 'variable', 'parameter', 'property', 'type', 'import']);

/** The identifiers of the run's Python code that hold the family (`SessionManager`, `session_id`): a string naming one names code. */
function pythonCodeNames(files: Iterable<PlannedFile>): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    if (file.source.language !== 'python' || !file.tree) continue;
    for (const reference of file.references) {
      // Keywords and attribute reads name whatever the callee or object declares (boto3's `AccessKeyId=`), not the project's code.
      if (!DECLARING_KINDS.has(reference.kind)) continue;
      const node = nodeAt(file.tree, reference.start, reference.end);
      if (node?.type === 'identifier') names.add(node.text);
    }
  }
  return names;
}

/**
 * The whole words of the run's Python and SQL that hold the family (`session_id` as a field, a column, a key): a
 * TypeScript member spelled the same mirrors a payload whose other side this run renames too.
 */
function snakeLanguageWords(files: Iterable<PlannedFile>): Set<string> {
  const words = new Set<string>();
  for (const file of files) {
    if (file.source.language !== 'python' && file.source.language !== 'sql') continue;
    for (const reference of file.references) words.add(wordAround(file.source.text, reference.start, reference.end));
  }
  return words;
}

/** Folder names under file-system route roots (`pages/`, `app/`, `routes/`): a path string's static segments. */
function routeFolders(files: readonly string[]): Set<string> {
  const folders = new Set<string>();
  for (const file of files) {
    const root = /(?:^|\/)(pages|app|routes)\//.exec(file);
    if (!root || file.includes('node_modules/')) continue;
    for (const part of file.slice(root.index + root[0].length).split('/').slice(0, -1)) folders.add(part);
  }
  return folders;
}

/**
 * A string that spells a route: a `[sessionId]` segment a file name defines (`'[sessionId]'` handed to `.replace`),
 * or a path whose segment is a route folder's name (`/api/sessions/${id}` while `pages/api/sessions/` exists).
 * Renamed, it would point at a route the file tree does not have until the files move too.
 */
function routeStringContract(file: PlannedFile, reference: Reference, segments: ReadonlySet<string>, folders: ReadonlySet<string>): string | undefined {
  if (reference.kind !== 'string') return undefined;
  const text = file.source.text;
  const lineStart = text.lastIndexOf('\n', reference.start) + 1;
  const before = text.slice(lineStart, reference.start);
  const after = text.slice(reference.end, text.indexOf('\n', reference.end) >>> 0);
  // A path segment ends where the path does: at a query string or a fragment too (`/session?action=logout`).
  const segment = (before.match(/[^/"'`\s?#]*$/)?.[0] ?? '') + reference.text + (after.match(/^[^/"'`\s?#]*/)?.[0] ?? '');
  const bracket = /^\[\[?(?:\.\.\.)?([A-Za-z_$][\w$]*)\]\]?$/.exec(segment);
  if (bracket && segments.has(bracket[1])) return `'${segment}' is the route segment a file name defines`;
  if (before.endsWith('/') && folders.has(segment)) return `'${segment}' is a route folder's name in a path`;
  return undefined;
}

/** A bare module specifier with a subpath: `use-sync-external-store/shim/with-selector.js`, `@scope/pkg/sub`. */
const PACKAGE_SUBPATH = /^((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)((?:\/[\w.@-]+)+)$/;

/**
 * A string that is a module path into an installed package (`'use-sync-external-store/shim/with-selector.js'` handed
 * to a bundler's replace plugin, `vi.mock('pkg/sub-selector')`): the package names its files, so renaming a word
 * there points at a module that does not exist. Workspace packages (linked, not installed) are the project's own.
 */
function installedModuleContract(file: PlannedFile, reference: Reference, installed: Map<string, boolean>): string | undefined {
  if (reference.kind !== 'string' || (file.source.language !== 'typescript' && file.source.language !== 'javascript') || !file.tree) return undefined;
  let literal = nodeAt(file.tree, reference.start, reference.end);
  while (literal && literal.type !== 'string' && literal.type !== 'template_string') literal = literal.parent ?? undefined;
  // The literal's text without its quotes; a template with substitutions is no fixed path.
  const content = literal?.text.slice(1, -1);
  const match = content === undefined ? null : PACKAGE_SUBPATH.exec(content);
  if (!match) return undefined;
  const name = match[1]!;
  for (let dir = path.dirname(file.source.absolutePath); ; dir = path.dirname(dir)) {
    const folder = path.join(dir, 'node_modules', name);
    let found = installed.get(folder);
    if (found === undefined) {
      found = existsSync(path.join(folder, 'package.json')) && realPath(folder).split(path.sep).includes('node_modules');
      installed.set(folder, found);
    }
    if (found) return `'${content}' is a module path of the installed package ${name}`;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function addTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Declarations whose new name is already taken in their scope or type: the symbol they declare cannot be renamed. */
function collisions(file: PlannedFile, blocked: Map<Reference, string>): void {
  if (!file.tree) return;
  const matches = file.references.flatMap((reference) => {
    const node = nodeAt(file.tree!, reference.start, reference.end);
    return node ? [{ node, reference, start: reference.start, end: reference.end, replacement: reference.replacement, kind: reference.kind }] : [];
  });
  for (const collision of collisionsOf(file.source.language, matches)) {
    // A collision starts at its identifier; a dunder's (`__exit__`) at the match inside it.
    for (const match of matches) if (match.node.startIndex <= collision.start && collision.start < match.node.endIndex) blocked.set(match.reference, collision.reason);
  }
}
