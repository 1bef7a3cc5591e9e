import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RenamerOptions } from '../config/options.js';
import type { Conflict, Language, Reference } from '../findings/model.js';
import { bindSites, startEngines, type BindProgress, type EngineLanguage } from '../lang/engines.js';
import { bytesMayHold } from '../scan/read-candidates.js';
import type { ScanResult, ScannedSource } from '../scan/scan.js';
import { isCompound, SCREAMING_SNAKE, textAround, wordAround, wordBoundsAround } from '../symbols/contracts.js';
import { decideSymbol, type SymbolDecision } from '../symbols/decide.js';
import { groupBindings, type SymbolGroup } from '../symbols/group.js';
import type { Binding, EngineContext, SymbolLocation } from '../symbols/model.js';
import { createMatcher } from '../words/index.js';
import { applyEdits, normaliseEdits, type Edit, type EditKind } from './edits.js';
import { valuesOfStayingNames } from './assigned-values.js';
import { EntryPoints } from './entry-points.js';
import { persistedKey } from './persisted.js';
import { serialisedShapeOf } from './serialised-shapes.js';
import { prepareSites, type PlannedSites } from './sites.js';
import { symbolEdits } from './symbol-edits.js';
import { closest, nodeAt } from './syntax.js';

/** One file's rewrite: the text as read (BOM left out, `bom` says whether it had one) and as it will be written. */
export interface FileRewrite {
  readonly path: string;
  readonly absolutePath: string;
  readonly language: Language;
  readonly bom: boolean;
  readonly original: string;
  readonly updated: string;
  readonly edits: readonly Edit[];
}

/** A string rewrite that changes data someone may have stored: a storage key, a dict or JSON key. */
export interface PersistedRewrite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly text: string;
  readonly replacement: string;
  readonly literal: string;
}

export interface RewritePlan {
  readonly files: readonly FileRewrite[];
  /** Sites of symbols that cannot be renamed (owned elsewhere, a collision, named outside the run): fail the run. */
  readonly conflicts: readonly Conflict[];
  /** Sites whose owner could not be established (dependencies not installed, `any`): never rewritten, fail the run. */
  readonly unattributed: readonly Conflict[];
  /** External contracts (protocol names, strings a dependency's API reads, route segments): listed, not rewritten. */
  readonly external: readonly Conflict[];
  /** Sites left as they are by the user's choice (an allowed file, a suppression comment): never a failure. */
  readonly kept: readonly Conflict[];
  /** The kept sites as `file:line:column`: check does not count them, so that the gate passes after apply. */
  readonly allowedSites: ReadonlySet<string>;
  /** Sites of symbols a dependency or the platform declares, by `file:line:column`: check lists them as conflicts. */
  readonly dependencySites: ReadonlyMap<string, Conflict>;
  readonly byKind: Partial<Record<EditKind, number>>;
  readonly persisted: readonly PersistedRewrite[];
  /** Code files that could not be parsed, so nothing in them was rewritten: they fail the run. */
  readonly unparsed: readonly string[];
}

export interface PlanOptions {
  /** Which engines may be started (default both). Sites of other languages are left out of the plan. */
  readonly engines?: ReadonlySet<EngineLanguage>;
  /** Rewrite sites whose owner could not be established, as the syntax pass classified them. */
  readonly renameUnattributed?: boolean;
  /** Rewrite external contracts too. */
  readonly renameExternal?: boolean;
  /** Extra edits per file, by relative path (import specifiers moved by the module map). */
  readonly extraEdits?: ReadonlyMap<string, { readonly source: ScannedSource; readonly edits: readonly Edit[] }>;
  /** Sites the module map moves but cannot rewrite (a statement to split by hand, no resolving form): they fail the run. */
  readonly extraConflicts?: readonly Conflict[];
  readonly onBindProgress?: BindProgress;
}

/** Whether a file may spell one of the plan's names: it holds sites, or its bytes may hold a name as the scan's prefilter tells. */
function mayMentionIn(options: RenamerOptions, planned: (absolutePath: string) => boolean): (absolutePath: string, bytes: Buffer) => boolean {
  const matcher = createMatcher(options.renames);
  return (absolutePath, bytes) => planned(absolutePath) || bytesMayHold(bytes, matcher);
}

/** Kinds only an engine can place: a Python reference of any other kind (a comment, a string) may need none. */
const PROSE_KINDS = new Set(['comment', 'string', 'text']);

const siteOf = (reference: { file: string; line: number; column: number }): string => `${reference.file}:${reference.line}:${reference.column}`;
const entry = (reference: Reference, reason: string): Conflict => ({ file: reference.file, line: reference.line, column: reference.column, text: reference.text, reason });

/**
 * Every edit of the run, computed before anything is written. Each site the language can bind is asked of its
 * engine; sites are grouped into symbols; a symbol is renamed at every location or at none (src/symbols/decide.ts).
 * Free text (comments, strings no symbol owns, SQL and text files) is rewritten site by site.
 */
export async function planRewrites(options: RenamerOptions, result: ScanResult, planOptions: PlanOptions = {}): Promise<RewritePlan> {
  const engines = planOptions.engines ?? new Set<EngineLanguage>(['typescript', 'python']);
  let prepared: PlannedSites | undefined;
  const context: EngineContext = {
    cwd: options.cwd,
    files: result.discovered,
    textOf: (file: string) => prepared?.byAbsolute.get(file)?.source.text,
    mayMention: mayMentionIn(options, (file) => prepared?.byAbsolute.has(file) ?? false),
  };
  // pyright takes a second or more to start (the server, the interpreter's paths, the standard library's stubs), in
  // a process of its own: started now, it starts while the sites are prepared (and while TypeScript binds), not after.
  const early = engines.has('python') && [...result.report.references, ...result.foreignSites].some((reference) => reference.language === 'python' && !PROSE_KINDS.has(reference.kind))
    ? await startEngines(['python'], context)
    : undefined;
  let sites: PlannedSites;
  try {
    sites = prepared = await prepareSites(options, result, engines);
  } catch (error) {
    for (const engine of early?.values() ?? []) await engine.dispose().catch(() => undefined);
    throw error;
  }
  const bindings = await bindSites(sites.queries, context, planOptions.onBindProgress, early);
  const answers = [...sites.queryOf].map(([reference, site]) => ({ reference, site, binding: bindings.get(site)! }));
  const { symbols, groupOf } = groupBindings(answers);

  const referencesIn = (location: SymbolLocation): readonly Reference[] | undefined => sites.byAbsolute.get(location.file)?.referencesIn(location.start, location.end);
  const describe = (location: SymbolLocation): string => {
    const file = sites.byAbsolute.get(location.file);
    const relative = path.relative(options.cwd, location.file).split(path.sep).join('/');
    return file ? `${relative}:${file.lines.position(location.start).line}` : relative;
  };
  // The syntax pass's guesses of foreign names are not listed as such: the engine decides those sites.
  const foreign = new Set(result.foreignSites.map(siteOf));
  const conflicts: Conflict[] = [...result.report.conflicts.filter((conflict) => !foreign.has(siteOf(conflict))), ...sites.conflicts, ...(planOptions.extraConflicts ?? [])];
  const unattributed: Conflict[] = [];
  /** The references behind `unattributed`: their spellings are held (see heldSpellings). */
  const unattributedReferences: Reference[] = [];
  const external: Conflict[] = [];
  const kept: Conflict[] = [];
  const dependencySites = new Map<string, Conflict>();
  /** Spellings of names the platform or a dependency declares, where the code names them: comments keep them too. */
  const foreignSpellings = new Map<string, string>();
  const decidedReferences = new Set<Reference>();
  const renamed: SymbolGroup[] = [];
  /** Keys and members kept whole as external contracts, by language and spelling: strings that spell them stay. */
  const externalKeys = new Map<string, Reference>();
  const spellingOf = (reference: Reference): string => wordAround(sites.byRelative.get(reference.file)!.source.text, reference.start, reference.end);
  // Per language: a Python field that stays says nothing of a TypeScript literal's key.
  const stayingKey = (reference: Reference): string => `${reference.language}\0${spellingOf(reference)}`;

  // A site TypeScript binds to a symbol of the project whose rename does not list it (`lib.Session` read through
  // `exports = module.exports = fn; exports.Session = Session`): renaming the symbol at its listed locations only
  // would leave that read behind, so the symbol stays whole, a conflict, and the site is listed with it.
  const unlisted = new Map<SymbolGroup, Reference>();
  const listedIn = new Map<SymbolGroup, Set<Reference>>();
  for (const { reference, site, binding } of answers) {
    if (binding.kind !== 'symbol' || reference.allowed) continue;
    const group = groupOf.get(site);
    if (!group || unlisted.has(group) || (group.owner !== 'project' && group.owner !== 'workspace')) continue;
    let listed = listedIn.get(group);
    if (!listed) listedIn.set(group, (listed = new Set([...group.locations.values()].flatMap((location) => referencesIn(location) ?? []))));
    if (!listed.has(reference)) unlisted.set(group, reference);
  }
  for (const group of symbols) {
    const inputs = { kinds: options.kinds, referencesIn, describe, collisionAt: (reference: Reference) => sites.blockedAt(reference) };
    const contract = [...group.locations.values()].flatMap((location) => referencesIn(location) ?? []).map((r) => sites.externalAt(r)).find(Boolean);
    let decision: SymbolDecision = decideSymbol(group, inputs);
    const missing = unlisted.get(group);
    if (decision.action === 'rename' && missing) {
      decision = { action: 'conflict', reason: `${group.name} is also read at ${missing.file}:${missing.line}, which TypeScript's rename does not list; rename it by hand` };
    }
    if (decision.action === 'rename' && contract && !planOptions.renameExternal) decision = { action: 'conflict', reason: contract };
    const members = [...group.locations.values()].flatMap((location) => referencesIn(location) ?? []);
    for (const reference of members) decidedReferences.add(reference);
    switch (decision.action) {
      case 'rename':
        renamed.push(group);
        break;
      case 'conflict': {
        const list = contract && decision.reason === contract ? external : conflicts;
        for (const reference of members) {
          list.push(entry(reference, decision.reason));
          if (list === external && (reference.kind === 'property' || reference.kind === 'member') && !externalKeys.has(stayingKey(reference))) {
            externalKeys.set(stayingKey(reference), reference);
          }
          if (group.owner === 'dependency' || group.owner === 'platform') {
            dependencySites.set(siteOf(reference), entry(reference, decision.reason));
            foreignSpellings.set(spellingOf(reference), `${reference.file}:${reference.line}`);
          }
        }
        break;
      }
      case 'kept':
        for (const reference of members) kept.push(entry(reference, decision.reason));
        break;
      case 'unknown':
        for (const reference of members) {
          if (planOptions.renameUnattributed) decidedReferences.delete(reference);
          else {
            unattributed.push(entry(reference, decision.reason));
            unattributedReferences.push(reference);
          }
        }
        break;
      case 'skip':
        break;
    }
  }

  // A first-party package's build output: a workspace member that imports the package by name binds to its
  // dist/index.d.ts, which this run does not rewrite, so that symbol stays (above). The source symbol the output is
  // built from, of the same name in the same package, must stay too: renamed alone, the next build leaves the
  // importers naming an export that is gone (found on vvo/iron-session, whose examples import the root package).
  const packageOf = packageDirs();
  const builtNames = new Map<string, string>();
  for (const group of symbols) {
    if (group.owner !== 'project' && group.owner !== 'workspace') continue;
    for (const location of group.declarations.values()) {
      if (!referencesIn(location)?.length) builtNames.set(`${packageOf(location.file)}\0${group.name}`, describe(location));
    }
  }
  for (const group of [...renamed]) {
    const built = [...group.declarations.values()].map((location) => builtNames.get(`${packageOf(location.file)}\0${group.name}`)).find(Boolean);
    if (!built) continue;
    renamed.splice(renamed.indexOf(group), 1);
    const reason = `held: ${group.name} is also declared by its package's build output at ${built}, which importers of the package bind to and this run does not rewrite; rename it by hand and rebuild`;
    for (const location of group.locations.values()) for (const reference of referencesIn(location) ?? []) conflicts.push(entry(reference, reason));
  }

  // A string that is the kept key (`flow['session_id']`, `type Key = 'session_id'`) or reads it as a member
  // (`hookData.session_id` in a script written out as a string) names the same wire field: it stays. A key the
  // project builds around the word (`${prefix}:session_id:${id}`) is the project's own and is renamed.
  const externalKeyHolding = (reference: Reference): string | undefined => {
    const key = externalKeys.get(stayingKey(reference));
    if (!key) return undefined;
    const text = sites.byRelative.get(reference.file)!.source.text;
    const { from, to } = wordBoundsAround(text, reference.start, reference.end);
    const before = text[from - 1] ?? '';
    const wholeString = QUOTES.has(before) && text[to] === before;
    if (before !== '.' && !wholeString) return undefined;
    return `\`${text.slice(from, to)}\` is the key kept at ${key.file}:${key.line} (an external contract)`;
  };
  const editsByFile = new Map<string, Edit[]>();
  const addEdit = (file: string, edit: Edit): void => {
    const absolutePath = sites.byAbsolute.get(file)?.source.absolutePath ?? file;
    editsByFile.set(absolutePath, [...(editsByFile.get(absolutePath) ?? []), edit]);
  };
  const textOf = (file: string): string => sites.byAbsolute.get(file)!.source.text;
  const persisted: PersistedRewrite[] = [];
  /** The syntax node a reference spans, in its file's tree. */
  const nodeOf = (reference: Reference) => {
    const tree = sites.byRelative.get(reference.file)?.tree;
    return tree && nodeAt(tree, reference.start, reference.end);
  };
  // A pattern's word the engine calls another side's text (`/^Expired seal/.test(error.message)`): see symbols-ask.ts.
  const inRegex = (reference: Reference): boolean => {
    const type = nodeOf(reference)?.type;
    return type === 'regex_pattern' || type === 'regex';
  };
  for (const [reference, site] of sites.queryOf) {
    if (decidedReferences.has(reference) || reference.allowed) continue;
    const binding: Binding = bindings.get(site)!;
    // A contract is somebody else's name whatever the engine knows of it: `{ $session_id: id }`, `'X-Session-Id'`.
    const contract =
      sites.externalAt(reference) ??
      (binding.kind === 'unbound' && binding.external && (sites.isKey(reference) || sites.isLiteralKey(reference) || sites.isWholeArgument(reference) || inRegex(reference)) ? binding.external : undefined);
    if (contract) {
      sites.free.push(reference);
      sites.engineExternal.set(reference, contract);
    } else if (binding.kind !== 'symbol' && sites.namesMovedModule(reference)) {
      sites.free.push(reference);
    } else if (binding.kind === 'unknown' && !planOptions.renameUnattributed) {
      unattributed.push(entry(reference, binding.reason));
      unattributedReferences.push(reference);
    } else if (binding.kind === 'unbound' && reference.kind !== 'string' && reference.kind !== 'keyword-argument' && !planOptions.renameUnattributed) {
      unattributed.push(entry(reference, 'no symbol binds this name'));
      unattributedReferences.push(reference);
    } else if (binding.kind === 'symbol') {
      // Bound to a symbol whose locations leave this site out: TypeScript lists only the declaration of a name a
      // dependency or the platform owns (`import { setTimeout as delay } from 'node:timers/promises'`). The site
      // follows its symbol, never free text.
      const owner = binding.owner === 'platform' ? 'the platform' : binding.owner === 'dependency' ? 'a dependency' : undefined;
      const reason = owner
        ? `declared by ${owner}${binding.declaredIn ? ` (${binding.declaredIn})` : ''}; not renamed`
        : `${binding.name} does not list this site among its locations; rename it by hand`;
      conflicts.push(entry(reference, reason));
      if (owner) {
        dependencySites.set(siteOf(reference), entry(reference, reason));
        foreignSpellings.set(spellingOf(reference), `${reference.file}:${reference.line}`);
      }
    } else {
      sites.free.push(reference);
    }
  }

  // A name read where renamer cannot tell whose it is keeps its spelling everywhere: renaming the symbol or the
  // string that writes `checkoutSessionId` while `query.checkoutSessionId` stays would split one wire name in two.
  const held = new Map<string, string>();
  // Where the definition the reference names stands: a module-level class or function is read by its spelling
  // (`requests.Session` in a test pyright could not resolve), and so is a method or property of a class
  // (`client.session_transaction()` on an Unknown receiver). Only the definition's own name counts: a parameter's
  // annotation (`session: SessionData`) is inside the parameter's span yet says nothing of where it can be read.
  const definedAt = (reference: Reference): 'module' | 'class' | undefined => {
    const node = nodeOf(reference);
    const definition = node && closest(node, DEFINITIONS);
    const name = definition?.childForFieldName('name');
    if (!name || name.startIndex > reference.start || reference.end > name.endIndex) return undefined;
    let parent = definition?.parent;
    while (parent && WRAPPERS.has(parent.type)) parent = parent.parent;
    if (parent?.type === 'module' || parent?.type === 'program') return 'module';
    // A method, getter or setter of a class or of an object literal (`get cookies () {…}` in a JavaScript
    // prototype object), or a method an interface or declared class types, is read by its spelling like a
    // property: `ctx.cookies` on an `any` reaches it.
    if ((parent?.type === 'block' && parent.parent?.type === 'class_definition') || MEMBER_BODIES.has(parent?.type ?? '')) return 'class';
    return undefined;
  };
  // A module-level variable is an attribute of its module (`pkg.session_store`, flask's `session` proxy re-exported
  // by `from .globals import session as session`): `pkg.session_store` read on an Unknown `pkg` reaches it.
  const moduleVariable = (reference: Reference): boolean => {
    if (reference.language === 'typescript' || reference.language === 'javascript') return exportedVariable(reference);
    if (reference.language !== 'python') return false;
    const node = nodeOf(reference);
    // The assignment's target (`session_store: dict = {}`, `a, session_store = …`), not a name in its value.
    let target = node;
    while (target?.parent && (target.parent.type === 'pattern_list' || target.parent.type === 'tuple_pattern')) target = target.parent;
    const assignment = target?.parent;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.id !== target?.id) return false;
    for (let current = assignment.parent; current; current = current.parent) {
      if (current.type === 'function_definition' || current.type === 'class_definition' || current.type === 'lambda') return false;
      if (current.type === 'module') return true;
    }
    return false;
  };
  // An exported `const basePath = (…) => …` is read by its spelling as `export function basePath` is (`mod.basePath` on
  // a module namespace typed `any`): hono's JSDoc example and an `any` read kept one and renamed the other.
  const exportedVariable = (reference: Reference): boolean => {
    const node = nodeOf(reference);
    const declarator = node?.parent;
    if (declarator?.type !== 'variable_declarator' || declarator.childForFieldName('name')?.id !== node?.id) return false;
    const declaration = declarator.parent;
    return (declaration?.type === 'lexical_declaration' || declaration?.type === 'variable_declaration') && declaration.parent?.type === 'export_statement';
  };
  // A keyword argument binds its callee's parameter, not data: only reads of keys and members hold a spelling. But
  // a keyword whose callee renamer could not resolve (`core.open_client(session_limit=2)` on an Unknown `core`) may
  // go to any of the project's functions: a parameter of that name stays, or the call would pass a keyword that
  // nothing takes any more.
  const heldParameters = new Map<string, string>();
  for (const reference of unattributedReferences) {
    const query = sites.queryOf.get(reference);
    const binding = query && bindings.get(query);
    const into = reference.kind !== 'keyword-argument' ? held : binding?.kind === 'unknown' && binding.notInstalled ? undefined : heldParameters;
    if (into && !into.has(spellingOf(reference))) into.set(spellingOf(reference), `${reference.file}:${reference.line}`);
  }
  // A whole word handed to a dependency and kept as its contract (`LocalProxy(ctx, "session")`, werkzeug's
  // getattr by name; `pytest.fixture(scope="session")`) may name a member of the project: that spelling stays too.
  const heldExternal = new Map<string, string>();
  for (const reference of sites.engineExternal.keys()) {
    if (sites.isWholeArgument(reference) && !heldExternal.has(spellingOf(reference))) heldExternal.set(spellingOf(reference), `${reference.file}:${reference.line}`);
  }
  const codeShaped = (reference: Reference): boolean => {
    const text = sites.byRelative.get(reference.file)!.source.text;
    const { from, to } = wordBoundsAround(text, reference.start, reference.end);
    // `pkg.Session`, `` `Session` ``, `:class:`~pkg.Session``, `Session()`, `session.close()`; not a sentence's
    // last word (`... for a session.`).
    return (
      /[.`~]/.test(text[from - 1] ?? '') ||
      /[(`]/.test(text[to] ?? '') ||
      (text[to] === '.' && /\w/.test(text[to + 1] ?? '')) ||
      inCodeExample(reference, text) ||
      importedInExample(text, from, to)
    );
  };
  // `import { basePath } from './route'` in a JSDoc example (`@example` without a fence) names the code's export.
  const importedInExample = (text: string, from: number, to: number): boolean => {
    const lineStart = text.lastIndexOf('\n', from - 1) + 1;
    const lineEnd = text.indexOf('\n', to);
    return /^[\s*/#]*import\s*(?:type\s*)?\{[^}]*$/.test(text.slice(lineStart, from)) && /^[^{]*\}\s*from\s*['"]/.test(text.slice(to, lineEnd < 0 ? undefined : lineEnd));
  };
  // An example in the docs (a fenced block in a JSDoc comment, a doctest line) is code: `retry: { limit: 10 }`
  // documents the option by its name (ky), so it stays while the option does.
  const inCodeExample = (reference: Reference, text: string): boolean => {
    let comment = nodeOf(reference);
    while (comment && comment.type !== 'comment' && comment.type !== 'string') comment = comment.parent ?? undefined;
    if (comment && (text.slice(comment.startIndex, reference.start).match(/```/g)?.length ?? 0) % 2 === 1) return true;
    const lineStart = text.lastIndexOf('\n', reference.start - 1) + 1;
    return DOCTEST_LINE.test(text.slice(lineStart, reference.start));
  };
  // A comment that names a name the platform or a dependency declares, as code (`window.localStorage`) or by its
  // compound spelling (`the state from localStorage`), speaks of theirs: it stays with the code that reads it.
  let renamedSpellings: Set<string> | undefined;
  // A spelling the project's own renamed symbol shares (its `searchParams` option beside `url.searchParams`) may
  // be either: a comment follows the project's.
  const renamesSpelling = (spelling: string): boolean => (renamedSpellings ??= new Set(renamed.flatMap((group) => membersOf(group).map(spellingOf)))).has(spelling);
  const foreignNamed = (reference: Reference): string | undefined => {
    const spelling = spellingOf(reference);
    const site = foreignSpellings.get(spelling);
    if (!site || renamesSpelling(spelling) || !(codeShaped(reference) || isCompound(spelling))) return undefined;
    return `held: \`${spelling}\` is declared by the platform or a dependency (read at ${site}); the comment names theirs`;
  };
  // A comment's compound word that is exactly a held spelling names the name that stays, even in prose: commander's
  // "the command configuration option isDefault" and "(or call exitOverride)" were rewritten beside the held
  // option and method, documenting names that exist nowhere. A plain word (`default`) or a longer compound stays prose.
  const heldInProse = (reference: Reference): string | undefined => {
    const spelling = spellingOf(reference);
    return isCompound(spelling) && !renamesSpelling(spelling) ? heldBy(reference) : undefined;
  };
  // A file's name in a comment (commander's "See also … in command.parseOptions.test.js") names that file, which
  // keeps its name unless --files moves it: rewritten alone, the comment would name a file that does not exist.
  let fileNames: Set<string> | undefined;
  let movedNames: Set<string> | undefined;
  const namesUnmovedFile = (reference: Reference): string | undefined => {
    if (reference.kind !== 'comment') return undefined;
    const token = textAround(sites.byRelative.get(reference.file)!.source.text, reference.start, reference.end, /[\w.\-/]/).replace(/\.+$/, '');
    const name = token.slice(token.lastIndexOf('/') + 1);
    if (!/\w\.[A-Za-z0-9]+$/.test(name)) return undefined;
    fileNames ??= new Set(result.discovered.map((file) => path.basename(file)));
    movedNames ??= new Set([...(result.pathMoves?.keys() ?? [])].map((moved) => path.basename(moved)));
    if (!fileNames.has(name) || movedNames.has(name)) return undefined;
    return `'${name}' names a file, which keeps its name (apply --files renames the family's files and what names them)`;
  };
  const heldBy = (reference: Reference): string | undefined => {
    const spelling = spellingOf(reference);
    const site = held.get(spelling);
    if (site) return `held: \`${spelling}\` is also read at ${site}, whose owner renamer could not establish (see Unattributed)`;
    const external = planOptions.renameExternal ? undefined : heldExternal.get(spelling);
    return external && `held: \`${spelling}\` is handed to a dependency at ${external} (an external contract), which may read it by name`;
  };
  // A method found by a prefix of its name (jmespath registers every `_func_*` method as the query language's
  // function of the rest of the name; cmd.Cmd runs `do_*`): the rest of the name is data, read by whoever writes
  // queries or commands, so the method stays. The prefix is one the method's own file tests names with
  // (`name.startswith('_func_')`) or builds names from (`getattr(self, 'do_' + command)`), ending in `_`.
  const dispatchPrefixes = new Map<string, { prefix: string; line: number }[]>();
  const prefixDispatched = (reference: Reference): string | undefined => {
    if (reference.language !== 'python' || definedAt(reference) !== 'class') return undefined;
    const file = sites.byRelative.get(reference.file)!;
    let prefixes = dispatchPrefixes.get(reference.file);
    if (!prefixes) {
      const text = file.source.text;
      const found = [...text.matchAll(/\.startswith\(\s*(['"])(\w+_)\1\s*\)|getattr\([^,()]+,\s*(?:(['"])(\w+_)\3\s*\+|f(['"])(\w+_)\{)/g)];
      prefixes = found.map((m) => ({ prefix: (m[2] ?? m[4] ?? m[6])!, line: file.lines.position(m.index).line }));
      dispatchPrefixes.set(reference.file, prefixes);
    }
    const name = spellingOf(reference);
    const dispatch = prefixes.find(({ prefix }) => name.startsWith(prefix) && name.length > prefix.length);
    return dispatch && `held: methods named \`${dispatch.prefix}…\` are found by their name (${reference.file}:${dispatch.line} tests the prefix): the rest of the name is read as data`;
  };
  // Parameters that stay because a keyword to an unresolved callee passes them: a comment that spells one as code
  // (a doctest's `parse_string(s, parse_all=True)`, ``parse_all``) names the parameter that stays (pyparsing).
  const stayedParameters = new Map<string, string>();
  for (const group of [...renamed]) {
    const members = [...group.locations.values()].flatMap((location) => referencesIn(location) ?? []);
    const declared = [...group.declarations.values()].flatMap((location) => referencesIn(location) ?? []);
    // Only a key or member can be read by its spelling: a local or a parameter cannot be reached from `x.sessionId`.
    // A module's own class, function or variable can, and so can a class's method.
    const spelled = (reference: Reference): boolean =>
      SPELLED_KINDS.has(reference.kind) ||
      (MODULE_KINDS.has(reference.kind) && definedAt(reference) !== undefined) ||
      ((reference.kind === 'variable' || reference.kind === 'function') && moduleVariable(reference));
    // A property JSDoc declares (`@param {Object} [options.cookie]` in JavaScript) is declared in a comment: whether
    // it is read by its spelling shows in its uses (`opts.cookie`), as for a symbol without declarations.
    const declaredInDocs = (references: readonly Reference[]): boolean => references.every((reference) => reference.kind === 'comment');
    const parameter = declared.find((reference) => reference.kind === 'parameter' && heldParameters.has(spellingOf(reference)));
    const reason = parameter
      ? `held: \`${spellingOf(parameter)}\` is also passed as a keyword at ${heldParameters.get(spellingOf(parameter))}, to a callee renamer could not resolve (see Unattributed)`
      : ((declared.length > 0 && !declaredInDocs(declared) ? declared : members).some(spelled) ? members.map(heldBy).find(Boolean) : undefined) ??
        declared.map(prefixDispatched).find(Boolean);
    if (!reason) continue;
    if (parameter) stayedParameters.set(spellingOf(parameter), reason);
    renamed.splice(renamed.indexOf(group), 1);
    for (const reference of members) conflicts.push(entry(reference, reason));
  }
  const membersOf = (group: SymbolGroup): Reference[] => [...group.locations.values()].flatMap((location) => referencesIn(location) ?? []);
  // A Python parameter that stays keeps its camelCase form too: libraries that moved to PEP 8 still accept the old
  // keyword through **kwargs (pyparsing reads `"parseAll"` and advises the snake_case form of it), so renaming the
  // old form alone advises a keyword that does not exist. A string spelling either form names the keyword.
  // (Another symbol of the parameter's own spelling, `self.context_settings`, is not the keyword: it keeps its rename.)
  const camelForms = new Map<string, string>();
  for (const spelling of stayedParameters.keys()) {
    const camel = spelling.replace(/_+([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
    if (camel !== spelling) camelForms.set(camel, `held: \`${camel}\` is the pre-PEP 8 form of \`${spelling}\`, a parameter that stays (see its conflicts)`);
  }
  const camelForm = (reference: Reference): string | undefined =>
    reference.language === 'python' ? camelForms.get(spellingOf(reference)) : undefined;
  const stayedForm = (reference: Reference): string | undefined =>
    reference.language === 'python' ? (stayedParameters.get(spellingOf(reference)) ?? camelForm(reference)) : undefined;
  for (const group of camelForms.size > 0 ? [...renamed] : []) {
    const members = membersOf(group);
    const reason = members.map(camelForm).find(Boolean);
    if (!reason) continue;
    renamed.splice(renamed.indexOf(group), 1);
    for (const reference of members) conflicts.push(entry(reference, reason));
  }
  // A key written only in object literals (`const row = { sessionId, … }` handed to a database adapter) has no typed
  // reader: its spelling is the data's. When that spelling stays elsewhere (a schema key held above, an external
  // string), renaming the literal would write rows or payloads nobody reads back.
  // A literal key that is also a typed property's location (`return { sessionId: id }` as a `Request`) has a reader.
  const groupCount = new Map<Reference, number>();
  for (const group of symbols) for (const reference of new Set(membersOf(group))) groupCount.set(reference, (groupCount.get(reference) ?? 0) + 1);
  const staying = new Set<string>();
  for (const group of symbols) if (!renamed.includes(group)) for (const reference of membersOf(group)) if (SPELLED_KINDS.has(reference.kind)) staying.add(stayingKey(reference));
  for (const reference of sites.free) {
    if (reference.kind === 'string' && !reference.allowed && (sites.engineExternal.get(reference) ?? sites.externalAt(reference) ?? heldBy(reference))) staying.add(stayingKey(reference));
  }
  for (const group of [...renamed]) {
    const members = membersOf(group);
    // The literal's key may share its group with the local its shorthand names (`{ sessionId }`): the group holds
    // whole when its only keys and members are such literal keys.
    const keys = members.filter((reference) => sites.isLiteralKey(reference) && groupCount.get(reference) === 1);
    // A destructuring that names the key (`const { sessionId } = load()`) reads it as much as `{ sessionId: id }`
    // or `row.sessionId` do: the key has a typed reader (and the second run, which sees `{ sessionId: flowId }`
    // after the first renamed the local, must decide as the first did).
    const readsKey = (reference: Reference): boolean =>
      (SPELLED_KINDS.has(reference.kind) && !keys.includes(reference)) || nodeOf(reference)?.type === 'shorthand_property_identifier_pattern';
    if (keys.length === 0 || members.some(readsKey)) continue;
    const key = keys.find((reference) => staying.has(stayingKey(reference)));
    if (!key) continue;
    const spelling = spellingOf(key);
    renamed.splice(renamed.indexOf(group), 1);
    const reason = `held: \`${spelling}\` is a key written only in object literals, and the same spelling stays elsewhere (see Conflicts and External contracts)`;
    for (const reference of members) conflicts.push(entry(reference, reason));
  }
  // A Python attribute whose words stay as a kept camel/Pascal key (`"AccessKeyId"` beside `access_key_id`) is the
  // other half of a name mapping: serializers derive one from the other (botocore's xform_name, pydantic's
  // alias generators), so renaming the attribute alone loses the field from every payload.
  const keptWireKeys = new Set<string>();
  for (const reference of sites.free) {
    if (reference.language !== 'python' || reference.kind !== 'string' || reference.allowed || planOptions.renameExternal) continue;
    const word = spellingOf(reference);
    if (/[a-z][A-Z]|^[A-Z][a-z]/.test(word) && (sites.engineExternal.get(reference) ?? sites.externalAt(reference))) keptWireKeys.add(word);
  }
  for (const group of keptWireKeys.size > 0 ? [...renamed] : []) {
    const members = membersOf(group);
    const attribute = members.find((reference) => reference.language === 'python' && (reference.kind === 'property' || reference.kind === 'member'));
    if (!attribute) continue;
    const words = spellingOf(attribute).split('_').filter(Boolean);
    const pascal = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
    const spelled = [pascal, pascal[0]!.toLowerCase() + pascal.slice(1)].find((form) => keptWireKeys.has(form));
    if (!spelled) continue;
    renamed.splice(renamed.indexOf(group), 1);
    const reason = `held: the attribute's words stay as the key "${spelled}" (an external contract); a serializer that maps one to the other would lose the field`;
    for (const reference of members) conflicts.push(entry(reference, reason));
  }
  // A group of strings only (`type Key = 'session_id'` and its uses) that spells a kept key stays with it.
  for (const group of renamed.length > 0 && externalKeys.size > 0 ? [...renamed] : []) {
    const members = membersOf(group);
    if (!members.every((reference) => reference.kind === 'string')) continue;
    const reason = planOptions.renameExternal ? undefined : members.map(externalKeyHolding).find(Boolean);
    if (!reason) continue;
    renamed.splice(renamed.indexOf(group), 1);
    for (const reference of members) external.push(entry(reference, reason));
  }
  // A module-level class or function an entry point names (`abbr = 'markdown.extensions.abbr:AbbrExtension'`) is
  // loaded by that text from the installed metadata: it stays unless the run rewrites the pyproject too.
  const entryPoints = new EntryPoints(options.cwd);
  for (const group of [...renamed]) {
    const members = membersOf(group);
    const declaration = members.find((reference) => reference.language === 'python' && definedAt(reference) === 'module');
    const named = declaration && entryPoints.namedAt(path.resolve(options.cwd, declaration.file), spellingOf(declaration));
    if (!named || (options.kinds.has('text') && sites.byAbsolute.has(named.file))) continue;
    renamed.splice(renamed.indexOf(group), 1);
    const where = `${path.relative(options.cwd, named.file).split(path.sep).join('/')}:${named.line}`;
    const reason = `held: ${group.name} is named by an entry point at ${where}, which installed metadata loads by that name; rename it there by hand and reinstall`;
    for (const reference of members) conflicts.push(entry(reference, reason));
  }
  for (const [file, edits] of symbolEdits(renamed, textOf, (location) => referencesIn(location) ?? [])) for (const edit of edits) addEdit(file, edit);
  for (const group of renamed) {
    for (const declaration of group.declarations.values()) {
      const file = sites.byAbsolute.get(declaration.file);
      const shape = file?.tree && serialisedShapeOf(file.tree, declaration.start, declaration.end);
      const reference = shape ? file.referencesIn(declaration.start, declaration.end)[0] : undefined;
      if (shape && reference) persisted.push({ file: reference.file, line: reference.line, column: reference.column, text: reference.text, replacement: reference.replacement, literal: shape });
    }
  }
  // A doctest's keyword to one of the project's functions (`>>> is_sorted(x, strict=True)`) is that function's
  // parameter: when the parameter is renamed, the keyword goes with it, whatever holds other strings of its
  // spelling (more-itertools @ 2fe1b2ee strict→exact: a test's `kwargs.get('strict')` held the doctests' keywords
  // while is_sorted's parameter was renamed, and the doctests failed).
  const renamedParameters = new Set<string>();
  for (const group of renamed) {
    for (const location of group.declarations.values()) {
      for (const reference of referencesIn(location) ?? []) {
        if (reference.language !== 'python' || reference.kind !== 'parameter') continue;
        const node = nodeOf(reference);
        const definition = node && closest(node, FUNCTION_DEFINITIONS);
        const name = definition?.childForFieldName('name')?.text;
        // A keyword to a class goes to its `__init__`.
        const owner = name === '__init__' ? closest(definition!.parent!, CLASS_DEFINITIONS)?.childForFieldName('name')?.text : name;
        if (owner) renamedParameters.add(`${owner}\0${spellingOf(reference)}`);
      }
    }
  }
  const keywordOfRenamed = (reference: Reference): boolean => {
    if (reference.kind !== 'comment' || reference.language !== 'python' || renamedParameters.size === 0) return false;
    const text = sites.byRelative.get(reference.file)!.source.text;
    const { from, to } = wordBoundsAround(text, reference.start, reference.end);
    const lineStart = text.lastIndexOf('\n', from - 1) + 1;
    if (!/^\s*=(?!=)/.test(text.slice(to, to + 3)) || !DOCTEST_LINE.test(text.slice(lineStart, from))) return false;
    let depth = 0;
    for (let at = from - 1; at >= lineStart; at--) {
      if (text[at] === ')') depth++;
      else if (text[at] === '(' && depth-- === 0) {
        const callee = /([A-Za-z_]\w*)\s*$/.exec(text.slice(lineStart, at))?.[1];
        return callee !== undefined && renamedParameters.has(`${callee}\0${text.slice(from, to)}`);
      }
    }
    return false;
  };
  // Prose that quotes a string literal (`'strict'` in more-itertools' docstring of the value `incomplete` takes)
  // names that literal: when strings of its spelling are held, the prose keeps it too, or it documents a value
  // the code does not take.
  const quotedInComment = (reference: Reference): boolean => {
    if (reference.kind !== 'comment') return false;
    const text = sites.byRelative.get(reference.file)!.source.text;
    const { from, to } = wordBoundsAround(text, reference.start, reference.end);
    const quote = text[from - 1] ?? '';
    return (quote === "'" || quote === '"') && text[to] === quote;
  };
  // Why each site left as it is stays, for the values of the names that stay (src/rewrite/assigned-values.ts).
  const stayedWhy = new Map([...conflicts, ...unattributed, ...external, ...kept].map((left) => [siteOf(left), left.reason] as const));
  const keptValues = valuesOfStayingNames(sites, {
    kinds: options.kinds,
    renamed: new Set(renamed.flatMap(membersOf)),
    spellingOf,
    why: (reference) => stayedWhy.get(siteOf(reference)),
  });
  for (const reference of sites.free) {
    if (reference.allowed || !options.kinds.has(reference.kind)) continue;
    // A comment word a symbol spells (`@param {string} sessionId`, which TypeScript renames with the parameter) is
    // that symbol's: renamed by its edit, or left with it when the symbol stays. Rewriting it as free text too
    // proposes a second edit over part of the same span (`session` → `flow` inside `sessionId` → `flowId`).
    if (decidedReferences.has(reference)) continue;
    const keptValue = keptValues.values.get(reference);
    if (keptValue) {
      conflicts.push(entry(reference, keptValue));
      continue;
    }
    const file = sites.byRelative.get(reference.file)!;
    // A comment's upper-snake word that spells a constant this run renames names that constant, not an environment
    // variable (immer's "to DRAFT_STATE later" beside its renamed `export const DRAFT_STATE`).
    const ownConstant = reference.kind === 'comment' && SCREAMING_SNAKE.test(spellingOf(reference)) && renamesSpelling(spellingOf(reference));
    const contract = ownConstant ? undefined : (sites.engineExternal.get(reference) ?? sites.externalAt(reference) ?? namesUnmovedFile(reference));
    if (contract && !planOptions.renameExternal) {
      external.push(entry(reference, contract));
      continue;
    }
    const keptKey = reference.kind === 'string' && !planOptions.renameExternal ? externalKeyHolding(reference) : undefined;
    if (keptKey) {
      external.push(entry(reference, keptKey));
      continue;
    }
    // A comment that spells a held name as code (`pkg.Session()`, :class:`pkg.core.Session`, ``Session``) names
    // the symbol that stays: rewriting it documents an API that does not exist (and breaks doctests).
    const codeComment = reference.kind === 'comment' && codeShaped(reference);
    const heldReason = keywordOfRenamed(reference)
      ? undefined
      : (reference.kind === 'string' || reference.kind === 'keyword-argument' || codeComment || quotedInComment(reference) ? heldBy(reference) : undefined) ??
          (codeComment ? stayedParameters.get(spellingOf(reference)) : undefined) ??
          // A compound spelling is a name even in prose (`if parse_all is set`, `:param parse_all:`).
          (reference.kind !== 'comment' || codeComment || isCompound(spellingOf(reference)) ? stayedForm(reference) : undefined) ??
          (reference.kind === 'comment' ? foreignNamed(reference) ?? heldInProse(reference) : undefined) ??
          (reference.kind === 'string' ? keptValues.spellings.get(spellingOf(reference)) : undefined);
    if (heldReason) {
      conflicts.push(entry(reference, heldReason));
      continue;
    }
    addEdit(file.source.absolutePath, { start: reference.start, end: reference.end, text: reference.replacement, kind: reference.kind });
    const literal = reference.kind === 'string' && file.tree ? persistedKey(file.tree, reference) : undefined;
    if (literal !== undefined) persisted.push({ file: reference.file, line: reference.line, column: reference.column, text: reference.text, replacement: reference.replacement, literal });
  }
  for (const [absolutePath, edits] of sites.moduleEdits) for (const edit of edits) addEdit(absolutePath, edit);

  const files = fileRewrites(editsByFile, sites, planOptions);
  const byKind: Partial<Record<EditKind, number>> = {};
  for (const file of files) for (const edit of file.edits) byKind[edit.kind] = (byKind[edit.kind] ?? 0) + 1;
  const listedConflicts = dedupe(conflicts);
  const keptSites = dedupe(kept);
  return {
    files,
    conflicts: listedConflicts,
    unattributed: dedupe(unattributed),
    external: dedupe(external),
    kept: keptSites,
    allowedSites: new Set(keptSites.map((k) => `${k.file}:${k.line}:${k.column}`)),
    dependencySites,
    byKind,
    persisted,
    unparsed: result.report.errors.filter((error) => /\.(py|pyi|[cm]?[jt]sx?)$/.test(error.file)).map((error) => error.file),
  };
}

function fileRewrites(editsByFile: Map<string, Edit[]>, sites: PlannedSites, planOptions: PlanOptions): FileRewrite[] {
  const files: FileRewrite[] = [];
  const touched = new Set([...editsByFile.keys(), ...[...(planOptions.extraEdits?.values() ?? [])].map((extra) => extra.source.absolutePath)]);
  for (const absolutePath of touched) {
    const extra = [...(planOptions.extraEdits?.values() ?? [])].find((candidate) => candidate.source.absolutePath === absolutePath);
    const source = sites.byAbsolute.get(absolutePath)?.source ?? extra?.source;
    if (!source) continue;
    const edits = [...(extra?.edits ?? []), ...(editsByFile.get(absolutePath) ?? [])];
    // A module-path edit covers the whole specifier; a name edit inside it is the same change said twice.
    const moduleSpans = edits.filter((edit) => edit.kind === 'module-path');
    const kept = edits.filter((edit) => edit.kind === 'module-path' || !moduleSpans.some((span) => edit.start >= span.start && edit.end <= span.end));
    const normalised = normaliseEdits(source.path, kept);
    const updated = applyEdits(source.text, normalised);
    if (updated === source.text) continue;
    files.push({ path: source.path, absolutePath, language: source.language, bom: source.bom, original: source.text, updated, edits: normalised });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function dedupe(conflicts: Conflict[]): Conflict[] {
  const seen = new Set<string>();
  return conflicts
    .filter((conflict) => {
      const key = `${conflict.file}:${conflict.line}:${conflict.column}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.column - b.column));
}

const SPELLED_KINDS: ReadonlySet<string> = new Set(['property', 'member', 'string']);
const QUOTES: ReadonlySet<string> = new Set(['\'', '"', '`']);
const MODULE_KINDS: ReadonlySet<string> = new Set(['class', 'function']);
/** A doctest's line up to a word on it: `>>> ` or `... ` after the comment's or docstring's indentation. */
const DOCTEST_LINE = /^[\s*#/]*(?:>>>|\.\.\.) /;
const FUNCTION_DEFINITIONS: ReadonlySet<string> = new Set(['function_definition']);
const CLASS_DEFINITIONS: ReadonlySet<string> = new Set(['class_definition']);
// The signatures count as definitions: a project's hand-written typings (commander's typings/index.d.ts beside
// lib/command.js) declare the API the implementation's methods are read through; the .d.ts method left out of the
// hold was renamed with its typed callers while the held JavaScript method stayed (`program.exitHook is not a function`).
const DEFINITIONS: ReadonlySet<string> = new Set([
  'class_definition',
  'function_definition',
  'class_declaration',
  'function_declaration',
  'abstract_class_declaration',
  'method_definition',
  'method_signature',
  'abstract_method_signature',
  'function_signature',
]);
/** What may stand between a module-level definition and the module: a decorator, an export, `declare`. */
const WRAPPERS: ReadonlySet<string> = new Set(['decorated_definition', 'export_statement', 'ambient_declaration']);
/** The bodies whose methods are read by their spelling: a class's, an object literal's, an interface's or type literal's. */
const MEMBER_BODIES: ReadonlySet<string> = new Set(['class_body', 'object', 'interface_body', 'object_type']);

/** The folder of the package a file belongs to: the nearest one above it with a package.json or a pyproject.toml. */
function packageDirs(): (file: string) => string {
  const byDir = new Map<string, string>();
  const find = (dir: string): string => {
    let found = byDir.get(dir);
    if (found === undefined) {
      const parent = path.dirname(dir);
      found = existsSync(path.join(dir, 'package.json')) || existsSync(path.join(dir, 'pyproject.toml')) || parent === dir ? dir : find(parent);
      byDir.set(dir, found);
    }
    return found;
  };
  return (file) => find(path.dirname(file));
}
