import type { Kind, Reference } from '../findings/model.js';
import type { SymbolGroup } from './group.js';
import type { SymbolLocation } from './model.js';

/** What becomes of a whole symbol. Nothing in between: a symbol is renamed at every location, or at none. */
export type SymbolDecision =
  | { readonly action: 'rename' }
  /** Left as it is and fails the run: owned elsewhere, a collision, a location outside the run. */
  | { readonly action: 'conflict'; readonly reason: string }
  /** Left as it is by the user's choice (an allowed file, a suppression comment): reported, never a failure. */
  | { readonly action: 'kept'; readonly reason: string }
  /** Its owner could not be established: reported apart, fails the run unless unattributed sites are opted in. */
  | { readonly action: 'unknown'; readonly reason: string }
  /** None of its declarations is of a kind the plan rewrites. */
  | { readonly action: 'skip' };

export interface DecisionInputs {
  readonly kinds: ReadonlySet<Kind>;
  /**
   * The scanned references inside a location, or undefined when the location's file is not part of this run
   * (outside the paths, excluded, ignored, too large).
   */
  readonly referencesIn: (location: SymbolLocation) => readonly Reference[] | undefined;
  /** Why renaming the declaration at a reference would collide with a name already there. */
  readonly collisionAt: (reference: Reference) => string | undefined;
  /** A location for messages: `path:line`. */
  readonly describe: (location: SymbolLocation) => string;
}

const owned = (group: SymbolGroup): string | undefined => {
  if (group.owner === 'project' || group.owner === 'workspace' || group.owner === 'unknown') return undefined;
  const where = group.declaredIn ? ` (${group.declaredIn})` : '';
  const who = group.owner === 'platform' ? 'the platform' : 'a dependency';
  return `declared by ${who}${where}; not renamed${group.reason ? `: ${group.reason}` : ''}`;
};

/** The rules that decide a symbol, in order: owner, reach, the user's choices, collisions, kinds. */
export function decideSymbol(group: SymbolGroup, inputs: DecisionInputs): SymbolDecision {
  const foreign = owned(group);
  if (foreign) return { action: 'conflict', reason: foreign };
  if (group.owner === 'unknown') return { action: 'unknown', reason: group.reason ?? 'its declaration could not be found' };
  const declarations: Reference[] = [];
  const all: Reference[] = [];
  for (const location of group.locations.values()) {
    const references = inputs.referencesIn(location);
    if (!references || references.length === 0) {
      return { action: 'conflict', reason: `${group.name} is also named at ${inputs.describe(location)}, which this run does not rewrite; include that file or rename by hand` };
    }
    all.push(...references);
    if (group.declarations.has(`${location.file}:${location.start}`)) declarations.push(...references);
  }
  const allowListed = all.find((reference) => reference.allowedBy === 'allow-list');
  if (allowListed) return { action: 'kept', reason: `kept whole: ${group.name} is named in an allowed file (${allowListed.file})` };
  const suppressed = all.find((reference) => reference.allowed);
  if (suppressed) return { action: 'kept', reason: `kept whole: a renamer-ignore comment keeps ${group.name} at ${suppressed.file}:${suppressed.line}` };
  for (const reference of declarations) {
    const collision = inputs.collisionAt(reference);
    if (collision) return { action: 'conflict', reason: collision };
  }
  const deciding = declarations.length > 0 ? declarations : all;
  return deciding.some((reference) => inputs.kinds.has(reference.kind)) ? { action: 'rename' } : { action: 'skip' };
}
