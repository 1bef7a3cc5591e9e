import type { SymbolLocation } from '../../symbols/model.js';
import { baseOffsets, classAt, findMember, memberAt, subclassAt } from './symbols-classes.js';
import { type BindState, symbolDeclaredAt } from './symbols-resolve.js';
import type { SymbolRecord } from './symbols-table.js';
import { quoteCode } from '../../symbols/quote-code.js';

/** Where a member is declared: a file and the offset of its name. */
export interface MemberSite {
  readonly file: string;
  readonly offset: number;
}

const MAX_DEPTH = 12;

/**
 * `name` in the class declared at `classOffset` or in its bases, depth first as the MRO would mostly find it;
 * `unresolved` names a base pyright cannot resolve (an uninstalled package), under which `name` may hide.
 */
export async function findInClass(
  state: BindState,
  file: string,
  classOffset: number,
  name: string,
  fieldsOnly = false,
  depth = 0,
): Promise<{ member?: MemberSite; unresolved?: string }> {
  const tree = state.tree(file);
  const cls = tree && classAt(tree, classOffset);
  if (!cls || depth > MAX_DEPTH) return {};
  const own = findMember(cls, name, fieldsOnly);
  if (own !== undefined) return { member: { file, offset: own } };
  let unresolved: string | undefined;
  for (const base of baseOffsets(cls)) {
    const definitions = await state.queries.definitions(file, base);
    if (definitions.length === 0) unresolved ??= tree.rootNode.descendantForIndex(base, base + 1)?.text;
    for (const definition of definitions) {
      const found = await findInClass(state, definition.file, definition.start, name, fieldsOnly, depth + 1);
      if (found.member) return found;
      unresolved ??= found.unresolved;
    }
  }
  return { unresolved };
}

/** Whether the class at `classOffset` has a base spelled `baseName` (`TypedDict`), itself or up its bases. */
export async function derivesFrom(state: BindState, file: string, classOffset: number, baseName: string, depth = 0): Promise<boolean> {
  const tree = state.tree(file);
  const cls = tree && classAt(tree, classOffset);
  if (!cls || depth > MAX_DEPTH) return false;
  for (const base of baseOffsets(cls)) {
    if (tree.rootNode.descendantForIndex(base, base + 1)?.text === baseName) return true;
    for (const definition of await state.queries.definitions(file, base)) {
      if (await derivesFrom(state, definition.file, definition.start, baseName, depth + 1)) return true;
    }
  }
  return false;
}

/** Classes that list the class at `classOffset` among their bases, found through its references. */
async function subclassesOf(state: BindState, file: string, classOffset: number): Promise<MemberSite[]> {
  const subclasses: MemberSite[] = [];
  for (const reference of await state.queries.references(file, classOffset)) {
    const ownership = state.owners.classify(reference.file);
    if (ownership.owner !== 'project' && ownership.owner !== 'workspace') continue;
    const tree = state.tree(reference.file);
    const subclass = tree && subclassAt(tree, reference.start);
    if (subclass !== undefined) subclasses.push({ file: reference.file, offset: subclass });
  }
  return subclasses;
}

/**
 * pyright ties a use to the class that declares a member, but a subclass redefining it (an override, or
 * `self.x = ...` in its own `__init__`) is another symbol to pyright. Renaming one of them alone changes which
 * code runs, so they are one symbol here; an override of a dependency's member makes the whole symbol the
 * dependency's, and a base pyright cannot resolve makes it unknown.
 */
export async function linkHierarchy(state: BindState, record: SymbolRecord): Promise<void> {
  if (record.root.hierarchyDone) return;
  record.root.hierarchyDone = true;
  const visited = new Set<string>();
  for (const declaration of [...record.root.declarations.values()]) await linkDeclaration(state, record, declaration, visited);
}

async function linkDeclaration(state: BindState, record: SymbolRecord, declaration: SymbolLocation, visited: Set<string>): Promise<void> {
  const tree = state.tree(declaration.file);
  const member = tree && memberAt(tree, declaration.start);
  const cls = member && classAt(tree, member.classOffset);
  if (!member || !cls) return;
  const className = cls.childForFieldName('name')?.text ?? '?';
  for (const base of baseOffsets(cls)) {
    const definitions = await state.queries.definitions(declaration.file, base);
    const found = definitions.length === 0 ? { unresolved: tree.rootNode.descendantForIndex(base, base + 1)?.text } : {};
    for (const definition of definitions) {
      const inBase = await findInClass(state, definition.file, definition.start, member.name);
      const overrides = `\`${className}.${member.name}\` overrides a base class's member`;
      if (inBase.member) await join(state, record, inBase.member, member.name, overrides);
      else if (inBase.unresolved) Object.assign(found, inBase);
    }
    if ('unresolved' in found && found.unresolved !== undefined) {
      record.root.owners.push('unknown');
      record.root.reasons.push(
        `\`${className}\` derives from ${quoteCode(found.unresolved)}, which pyright cannot resolve: it may declare \`${member.name}\` too`,
      );
    }
  }
  await linkSubclasses(state, record, declaration.file, member.classOffset, member.name, visited);
}

async function linkSubclasses(
  state: BindState,
  record: SymbolRecord,
  file: string,
  classOffset: number,
  name: string,
  visited: Set<string>,
): Promise<void> {
  const key = `${file}\0${classOffset}`;
  if (visited.has(key) || visited.size > 200) return;
  visited.add(key);
  for (const subclass of await subclassesOf(state, file, classOffset)) {
    const tree = state.tree(subclass.file);
    const cls = tree && classAt(tree, subclass.offset);
    const own = cls && findMember(cls, name);
    if (own !== undefined) await join(state, record, { file: subclass.file, offset: own }, name, undefined);
    // A grandchild may redefine it even when the child does not.
    await linkSubclasses(state, record, subclass.file, subclass.offset, name, visited);
  }
}

async function join(state: BindState, record: SymbolRecord, site: MemberSite, name: string, reason: string | undefined): Promise<void> {
  const other = await symbolDeclaredAt(state, site.file, site.offset, name);
  if (!other || other.root === record.root) return;
  const foreign = other.root.owner !== 'project' && other.root.owner !== 'workspace';
  state.table.merge(record, other, foreign ? reason : undefined);
}
