import path from 'node:path';
import type { Binding, SiteQuery, SymbolLocation } from '../../symbols/model.js';
import type { Tree } from '../tree-sitter.js';
import type { PyrightQueries } from './pyright-queries.js';
import type { OwnerRules, Ownership } from './symbols-owner.js';
import { SymbolRecord, type SymbolTable } from './symbols-table.js';
import type { FileTexts } from './symbols-texts.js';

/** What every resolving step shares during one bind() call. */
export interface BindState {
  readonly queries: PyrightQueries;
  readonly texts: FileTexts;
  readonly owners: OwnerRules;
  /** pyright's workspace folder. */
  readonly root: string;
  readonly table: SymbolTable;
  /** The parsed file (project or dependency source), or undefined when it cannot be read. */
  tree(file: string): Tree | undefined;
  /** Walks overrides around a project member (symbols-hierarchy.ts); injected to keep the modules acyclic. */
  linkHierarchy(record: SymbolRecord): Promise<void>;
}

/** What a site binds to while bind() runs: a (still mutable) symbol record, or a final non-symbol binding. */
export type Answer = SymbolRecord | Exclude<Binding, { kind: 'symbol' }>;

export const unknown = (reason: string): Answer => ({ kind: 'unknown', reason });

export const isOurs = (ownership: Ownership): boolean => ownership.owner === 'project' || ownership.owner === 'workspace';

/** A string or keyword site joins the symbol it binds to: it is renamed with it, or reported with it. */
export function attachTo(state: BindState, site: SiteQuery, answer: Answer | undefined, otherwise: string): Answer {
  if (!answer) return unknown(otherwise);
  if (!(answer instanceof SymbolRecord)) return answer;
  const { file, start, end } = site;
  if (!state.table.covering(file, start, end)) state.table.addLocation(answer, { file, start, end });
  return answer.root;
}

const nameAt = (state: BindState, location: SymbolLocation, fallback: string): string =>
  state.texts.text(location.file)?.slice(location.start, location.end) || fallback;

const declaredBy = (owner: string, module: string | undefined): string =>
  `declared by ${owner === 'platform' ? 'the standard library' : 'a dependency'} (${module ?? '?'})`;

function claim(state: BindState, record: SymbolRecord, declarations: readonly SymbolLocation[]): void {
  for (const declaration of declarations) {
    const ownership = state.owners.classify(declaration.file);
    record.owners.push(ownership.owner);
    record.declaredIn ??= ownership.declaredIn;
  }
}

/**
 * The symbol pyright binds the identifier at `offset` to, or undefined when nothing declares it (an unresolved
 * import, an attribute of an Unknown type). Symbols pyright may rename come with its rename locations; symbols it
 * refuses (declared by a dependency or the platform) with their references in the workspace, so that later sites
 * of the same symbol need no request.
 */
export async function symbolAt(
  state: BindState,
  file: string,
  offset: number,
  end: number,
  name: string,
): Promise<SymbolRecord | undefined> {
  const covering = state.table.covering(file, offset, end);
  if (covering) return covering;
  const { queries, table } = state;
  const declarations = await queries.declarations(file, offset);
  if (declarations.length === 0) return undefined;
  const { record, isNew } = table.recordFor(nameAt(state, declarations[0]!, name), declarations);
  if (isNew) claim(state, record, declarations);
  const locations = await queries.renameLocations(file, offset);
  if (locations) {
    for (const location of locations) table.addLocation(record, location);
  } else {
    for (const location of await queries.references(file, offset)) {
      if (isOurs(state.owners.classify(location.file))) table.addLocation(record, location);
    }
    if (record.owner === 'project' || record.owner === 'workspace') {
      // Declared outside pyright's workspace (a sibling package of the repository) or excluded by the project's
      // own pyright config: pyright will not list its sites, so renaming it could not be whole.
      record.owners.push('unknown');
      record.reasons.push(`pyright does not rename it: ${path.relative(state.root, declarations[0]!.file)} is not in its workspace`);
    } else {
      record.reasons.push(`${declaredBy(record.owner, record.declaredIn)}, which pyright does not rename`);
    }
  }
  // References leave out nothing pyright binds, but the site must be covered for the sites after it.
  if (!table.covering(file, offset, end)) table.addLocation(record, { file, start: offset, end });
  if (locations) await state.linkHierarchy(record);
  return record.root;
}

/**
 * A symbol syntax found in a file pyright was not asked about: a member or parameter in a dependency's source
 * (pyright does not rename there), or in the project (then it is asked as usual).
 */
export async function symbolDeclaredAt(
  state: BindState,
  file: string,
  offset: number,
  name: string,
): Promise<SymbolRecord | undefined> {
  const ownership = state.owners.classify(file);
  if (isOurs(ownership)) return symbolAt(state, file, offset, offset + name.length, name);
  const declaration = { file, start: offset, end: offset + name.length };
  const { record, isNew } = state.table.recordFor(name, [declaration]);
  if (isNew) {
    claim(state, record, [declaration]);
    record.reasons.push(declaredBy(ownership.owner, ownership.declaredIn));
  }
  return record.root;
}
