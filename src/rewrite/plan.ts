import type { RenamerOptions } from '../config/options.js';
import type { Conflict, Language, Reference } from '../findings/model.js';
import { LineIndex } from '../findings/positions.js';
import type { SyntaxNode, Tree } from '../lang/tree-sitter.js';
import type { ScanResult, ScannedSource } from '../scan/scan.js';
import { findConflicts, type ScopeConflict } from './conflicts.js';
import { MemberBlocks } from './member-blocks.js';
import { applyEdits, normaliseEdits, type Edit, type EditKind } from './edits.js';
import { allowedImportSites } from './allowed-imports.js';
import { AllowedModules } from './allowed-modules.js';
import { siteKey } from './member-blocks.js';
import { typeChecks } from './type-checks.js';
import { keptBindingsOf, moduleReferenceConflicts } from './site-checks.js';
import { conflictAt, DECLARATION_KINDS, IDENTIFIERS, type FileWork } from './work.js';
import { persistedKey } from './persisted.js';
import { isShorthand, renamedIdentifier, shorthandEdit } from './shorthand.js';
import { grammarOf, nodeAt, SyntaxTrees } from './syntax.js';

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
  readonly conflicts: readonly Conflict[];
  /**
   * Sites left as they are because of an allowed file (`--allow`): accesses to what it declares, members overriding
   * it. Listed like conflicts, but allow-listing is the user's choice, so they never fail apply (exit 0).
   */
  readonly kept: readonly Conflict[];
  /**
   * Every reference left as written because it names what an allowed file declares (the `kept` sites, and the
   * exported name in `import { sessionId as flowId } from './compat'`), as `file:line:column`: check does not count
   * them, so that the gate passes after apply.
   */
  readonly allowedSites: ReadonlySet<string>;
  /**
   * Every reference left as written because TypeScript's checker ties the member it names to a dependency or the
   * platform, as `file:line:column` of the reference, with the conflict listed for it (positioned at the whole
   * name): check lists these as conflicts and does not count them, since apply can never rewrite them.
   */
  readonly dependencySites: ReadonlyMap<string, Conflict>;
  readonly byKind: Partial<Record<EditKind, number>>;
  readonly persisted: readonly PersistedRewrite[];
}

export interface PlanOptions {
  /** Ask TypeScript's checker whose member each TS/JS member site names (default true); off, names decide. */
  readonly typeCheck?: boolean;
  /** Extra edits per file, by relative path (import specifiers moved by the module map). */
  readonly extraEdits?: ReadonlyMap<string, { readonly source: ScannedSource; readonly edits: readonly Edit[] }>;
}

const CODE = new Set<Language>(['typescript', 'javascript', 'python']);

function groupByFile(result: ScanResult): Map<string, Reference[]> {
  const groups = new Map<string, Reference[]>();
  for (const reference of result.report.references) {
    // Allowed, suppressed and word-matched fallback references are never rewritten (CONTRACT.md, "Guarantees").
    if (reference.allowed || (reference as { fallback?: boolean }).fallback) continue;
    let group = groups.get(reference.file);
    if (!group) groups.set(reference.file, (group = []));
    group.push(reference);
  }
  return groups;
}

/** Every edit of the run, computed before anything is written; conflicts are left out and listed. */
export async function planRewrites(options: RenamerOptions, result: ScanResult, planOptions: PlanOptions = {}): Promise<RewritePlan> {
  const trees = new SyntaxTrees();
  const groups = groupByFile(result);
  const work: FileWork[] = [];
  const grammars = new Set([...groups.keys()].map((file) => result.sources.get(file)!).map((s) => grammarOf(s.path, s.language)).filter((g) => g !== undefined));
  await trees.load(grammars);
  for (const [file, references] of groups) {
    const source = result.sources.get(file)!;
    const tree = CODE.has(source.language) ? trees.get(source.path, source.language, source.text) : undefined;
    const nodes = new Map<Reference, SyntaxNode>();
    for (const reference of references) {
      const node = tree && nodeAt(tree, reference.start, reference.end);
      if (node && IDENTIFIERS.has(node.type)) nodes.set(reference, node);
    }
    work.push({ source, references, tree, nodes });
  }

  const conflicts: Conflict[] = [];
  const blockedSpans = new Map<string, ScopeConflict[]>();
  const members = new MemberBlocks();
  // The analyzers' own conflicts (a dependency's or the platform's API) are sites that were never references.
  conflicts.push(...result.report.conflicts);
  for (const file of work) {
    const lines = new LineIndex(file.source.text);
    const declarations = [...file.nodes].filter(([reference]) => DECLARATION_KINDS.has(reference.kind) && options.kinds.has(reference.kind));
    const found = findConflicts(
      file.source.language,
      declarations.map(([reference, node]) => ({ node, newName: renamedIdentifier(node, file.references.filter((r) => file.nodes.get(r) === node)) })),
    );
    for (const conflict of found) {
      conflicts.push(conflictAt(file.source, lines, conflict, conflict.reason));
      blockedSpans.set(file.source.path, [...(blockedSpans.get(file.source.path) ?? []), conflict]);
      if (conflict.member) members.add(file, conflict, `${file.source.path}:${lines.position(conflict.start).line}`);
    }
  }

  const blockedBy = (spans: Map<string, ScopeConflict[]>, file: FileWork, reference: Reference): string | undefined => {
    const name = file.nodes.get(reference)?.text ?? reference.text;
    const span = spans.get(file.source.path)?.find((b) => b.name === name && reference.start >= b.from && reference.end <= b.to && (!b.identifiersOnly || file.nodes.has(reference)));
    return span ? (span.start === reference.start || span.start === file.nodes.get(reference)?.startIndex ? span.reason : `kept with its declaration: ${span.reason}`) : undefined;
  };

  // Names an allowed file exports keep their name where they name the export; the importer's own binding is renamed.
  const allowedModules = new AllowedModules(options.cwd, options.allow, () => result.discovered.filter((file) => /\.pyi?$/.test(file)));
  const allowed = allowedImportSites(work, options.kinds, allowedModules);
  const kept: Conflict[] = [];
  for (const file of work) {
    const lines = new LineIndex(file.source.text);
    for (const reference of file.references) {
      const reason = allowed.kept.get(reference);
      if (reason) kept.push(conflictAt(file.source, lines, reference, reason));
    }
  }
  const decided = new Set([...allowed.kept.keys(), ...allowed.unchanged, ...allowed.aliases.keys()]);

  const keptSpans = new Map<string, ScopeConflict[]>();
  // Sites naming a dependency's (or an allowed file's) member, by siteKey of the reference.
  let foreignMembers: Awaited<ReturnType<typeof typeChecks>>['foreignMembers'] = new Map();
  if (planOptions.typeCheck !== false) {
    const skip = new Set(work.flatMap((file) => file.references.filter((r) => decided.has(r)).map((r) => siteKey(file.source.absolutePath, r.start))));
    const checked = await typeChecks(work, options, members, allowedModules, skip);
    conflicts.push(...checked.conflicts);
    kept.push(...checked.kept);
    foreignMembers = checked.foreignMembers;
    for (const { path, span, allowed: inAllowed } of checked.spans) {
      const spans = inAllowed ? keptSpans : blockedSpans;
      spans.set(path, [...(spans.get(path) ?? []), span]);
    }
  }

  const moduleBlocked = moduleReferenceConflicts(work, options, result, conflicts, decided, (path, name, reason) => {
    const span: ScopeConflict = { start: -1, end: -1, text: name, reason, name, from: 0, to: Infinity, member: false };
    blockedSpans.set(path, [...(blockedSpans.get(path) ?? []), span]);
  });

  // References a dependency's or an allowed file's member keeps as written, by where each reference stands.
  const dependencySites = new Map<string, Conflict>();
  const keptForeign = new Set<string>();
  const leftForeign = (references: readonly Reference[], foreign: { entry: Conflict; allowed: boolean }): void => {
    for (const r of references) {
      if (foreign.allowed) keptForeign.add(`${r.file}:${r.line}:${r.column}`);
      else dependencySites.set(`${r.file}:${r.line}:${r.column}`, foreign.entry);
    }
  };

  const files: FileRewrite[] = [];
  const byKind: Partial<Record<EditKind, number>> = {};
  const persisted: PersistedRewrite[] = [];
  const touched = new Set([...work.map((w) => w.source.path), ...(planOptions.extraEdits?.keys() ?? [])]);
  for (const path of touched) {
    const file = work.find((w) => w.source.path === path);
    const source = file?.source ?? planOptions.extraEdits?.get(path)?.source;
    if (!source) continue;
    const lines = new LineIndex(source.text);
    const edits: Edit[] = [...(planOptions.extraEdits?.get(path)?.edits ?? [])];
    const handledShorthands = new Set<SyntaxNode['id']>();
    const keptBindings = file?.tree ? keptBindingsOf(file.tree, result.report.references.filter((r) => r.file === path && r.allowed)) : new Set<string>();
    for (const reference of file?.references ?? []) {
      if (edits.some((edit) => edit.kind === 'module-path' && reference.start >= edit.start && reference.end <= edit.end)) continue;
      if (moduleBlocked.has(reference) || allowed.unchanged.has(reference) || allowed.kept.has(reference)) continue;
      const alias = allowed.aliases.get(reference);
      if (alias) {
        if (!edits.includes(alias)) edits.push(alias);
        continue;
      }
      const keptHere = blockedBy(keptSpans, file!, reference);
      const blocked = keptHere ?? blockedBy(blockedSpans, file!, reference);
      if (blocked) {
        (keptHere ? kept : conflicts).push(conflictAt(source, lines, reference, blocked));
        continue;
      }
      const node = file!.nodes.get(reference);
      // A dependency's member keeps its name like a clashing one: in a shorthand only the local binding may change.
      const foreign = foreignMembers.get(siteKey(source.absolutePath, reference.start));
      const dependency = foreign !== undefined;
      const keptMember = dependency ? undefined : members.reason(file!, reference);
      if (keptMember) (members.allowedOnly(file!, reference) ? kept : conflicts).push(conflictAt(source, lines, reference, keptMember));
      if (isShorthand(node)) {
        // A kept member's key stays while the local binding it reads may still be renamed: `{ sessionId: flowId }`.
        if (handledShorthands.has(node.id)) continue;
        handledShorthands.add(node.id);
        const context = { kinds: options.kinds, keptBindings, keyKept: dependency || keptMember !== undefined };
        const shorthand = file!.references.filter((r) => file!.nodes.get(r)?.id === node.id);
        const edit = shorthandEdit(node, shorthand, context);
        if (edit) edits.push(edit);
        else if (foreign) leftForeign(shorthand, foreign);
        continue;
      }
      if (foreign) leftForeign([reference], foreign);
      if (dependency || keptMember) continue;
      if (!options.kinds.has(reference.kind)) continue;
      edits.push({ start: reference.start, end: reference.end, text: reference.replacement, kind: reference.kind });
      const literal = reference.kind === 'string' && file!.tree ? persistedKey(file!.tree, reference) : undefined;
      if (literal !== undefined) persisted.push({ file: path, line: reference.line, column: reference.column, text: reference.text, replacement: reference.replacement, literal });
    }
    const normalised = normaliseEdits(path, edits);
    const updated = applyEdits(source.text, normalised);
    if (updated === source.text) continue;
    for (const edit of normalised) byKind[edit.kind] = (byKind[edit.kind] ?? 0) + 1;
    files.push({ path, absolutePath: source.absolutePath, language: source.language, bom: source.bom, original: source.text, updated, edits: normalised });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const listedConflicts = dedupe(conflicts);
  // A site listed as a conflict is not listed again as kept: the conflict is what fails the run.
  const conflictAtSite = new Set(listedConflicts.map((c) => `${c.file}:${c.line}:${c.column}`));
  const keptSites = dedupe(kept).filter((k) => !conflictAtSite.has(`${k.file}:${k.line}:${k.column}`));
  const allowedSites = new Set([
    ...keptSites.map((k) => `${k.file}:${k.line}:${k.column}`),
    ...[...allowed.unchanged, ...allowed.aliases.keys()].map((r) => `${r.file}:${r.line}:${r.column}`),
    ...keptForeign,
  ]);
  return { files, conflicts: listedConflicts, kept: keptSites, allowedSites, dependencySites, byKind, persisted };
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
