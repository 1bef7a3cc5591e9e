import type { RenamerOptions } from '../config/options.js';
import type { Conflict, Language, Reference } from '../findings/model.js';
import { LineIndex } from '../findings/positions.js';
import type { SyntaxNode, Tree } from '../lang/tree-sitter.js';
import type { ScanResult, ScannedSource } from '../scan/scan.js';
import { findConflicts, type ScopeConflict } from './conflicts.js';
import { MemberBlocks } from './member-blocks.js';
import { applyEdits, normaliseEdits, type Edit, type EditKind } from './edits.js';
import { memberSitesToCheck } from './dependency-sites.js';
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

  const isBlocked = (file: FileWork, reference: Reference): string | undefined => {
    const name = file.nodes.get(reference)?.text ?? reference.text;
    const span = blockedSpans.get(file.source.path)?.find((b) => b.name === name && reference.start >= b.from && reference.end <= b.to);
    return span ? `kept with its declaration: ${span.reason}` : undefined;
  };

  const typeCheck = planOptions.typeCheck !== false;
  const dependencySites = typeCheck ? memberSitesToCheck(work, options) : [];
  const scopeSites = typeCheck ? members.sitesToCheck(work, options) : [];
  // Sites naming a dependency's member, by `path:start` of the reference; listed once, at the whole member name.
  const dependencyMembers = new Set<string>();
  if (dependencySites.length > 0 || scopeSites.length > 0) {
    // Loaded only when a site needs it: ts-morph brings the whole TypeScript compiler. One Project serves both checks.
    const [{ projectFor }, { findDependencyMembers }, { keptMemberSites }] = await Promise.all([import('./ts-project.js'), import('./dependency-members.js'), import('./member-scope.js')]);
    const typedMembers = members.kept.filter((member) => member.typed).map((member) => member.absolutePath);
    const project = projectFor(options.cwd, [...dependencySites, ...scopeSites].map((site) => site.absolutePath).concat(typedMembers));
    for (const site of findDependencyMembers(project, options.cwd, dependencySites)) {
      const file = work.find((w) => w.source.absolutePath === site.absolutePath)!;
      conflicts.push(conflictAt(file.source, new LineIndex(file.source.text), site, `declared by a dependency (${site.declaredIn}); not renamed`));
      dependencyMembers.add(`${site.absolutePath}:${site.reference}`);
    }
    members.resolve(keptMemberSites(project, members.kept, scopeSites));
  } else if (typeCheck) members.resolve(new Map());

  const moduleBlocked = moduleReferenceConflicts(work, options, result, conflicts, (path, name, reason) => {
    const span: ScopeConflict = { start: -1, end: -1, text: name, reason, name, from: 0, to: Infinity, member: false };
    blockedSpans.set(path, [...(blockedSpans.get(path) ?? []), span]);
  });

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
      if (moduleBlocked.has(reference)) continue;
      const blocked = isBlocked(file!, reference);
      if (blocked) {
        conflicts.push(conflictAt(source, lines, reference, blocked));
        continue;
      }
      const node = file!.nodes.get(reference);
      // A dependency's member keeps its name like a clashing one: in a shorthand only the local binding may change.
      const dependency = dependencyMembers.has(`${source.absolutePath}:${reference.start}`);
      const keptMember = dependency ? undefined : members.reason(file!, reference);
      if (keptMember) conflicts.push(conflictAt(source, lines, reference, keptMember));
      if (isShorthand(node)) {
        // A kept member's key stays while the local binding it reads may still be renamed: `{ sessionId: flowId }`.
        if (handledShorthands.has(node.id)) continue;
        handledShorthands.add(node.id);
        const context = { kinds: options.kinds, keptBindings, keyKept: dependency || keptMember !== undefined };
        const edit = shorthandEdit(node, file!.references.filter((r) => file!.nodes.get(r)?.id === node.id), context);
        if (edit) edits.push(edit);
        continue;
      }
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
  return { files, conflicts: dedupe(conflicts), byKind, persisted };
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
