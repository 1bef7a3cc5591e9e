import type { Binding, Owner, SiteQuery, SymbolLocation } from './model.js';

/**
 * One symbol as the planner sees it: the union of every engine answer that shares a location spelled by that
 * symbol alone. A location carrying prefix or suffix text (a shorthand `{ sessionId }`, `export { sessionId }`)
 * spells two symbols at once, so it never merges them.
 */
export interface SymbolGroup {
  readonly id: number;
  readonly name: string;
  owner: Owner;
  declaredIn?: string;
  reason?: string;
  /** By `file:start`. */
  readonly locations: Map<string, SymbolLocation>;
  readonly declarations: Map<string, SymbolLocation>;
}

export const locationKey = (location: { readonly file: string; readonly start: number }): string => `${location.file}:${location.start}`;

/** The owner that wins when answers disagree: anything foreign or unknown outranks the project's own claim. */
const RANK: Record<Owner, number> = { project: 0, workspace: 1, unknown: 2, platform: 3, dependency: 4 };

const spellsAlone = (location: SymbolLocation): boolean => !location.prefixText && !location.suffixText;

/** Unites the engines' symbol answers into symbols; `groupOf` maps each answered site to its symbol. */
export function groupBindings(answers: ReadonlyArray<{ readonly site: SiteQuery; readonly binding: Binding }>): {
  readonly symbols: SymbolGroup[];
  readonly groupOf: Map<SiteQuery, SymbolGroup>;
} {
  const symbolAnswers = answers.filter((answer): answer is { site: SiteQuery; binding: Extract<Binding, { kind: 'symbol' }> } => answer.binding.kind === 'symbol');
  const parent = symbolAnswers.map((_, index) => index);
  const find = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]];
    return index;
  };
  const firstAt = new Map<string, number>();
  symbolAnswers.forEach(({ binding }, index) => {
    for (const location of binding.locations.filter(spellsAlone)) {
      const key = locationKey(location);
      const first = firstAt.get(key);
      if (first === undefined) firstAt.set(key, index);
      else parent[find(index)] = find(first);
    }
  });
  const byRoot = new Map<number, SymbolGroup>();
  const groupOf = new Map<SiteQuery, SymbolGroup>();
  symbolAnswers.forEach(({ site, binding }, index) => {
    const root = find(index);
    let group = byRoot.get(root);
    if (!group) byRoot.set(root, (group = { id: byRoot.size, name: binding.name, owner: binding.owner, locations: new Map(), declarations: new Map() }));
    const outranks = RANK[binding.owner] > RANK[group.owner];
    if (outranks || (RANK[binding.owner] === RANK[group.owner] && !group.reason)) {
      group.owner = binding.owner;
      group.declaredIn = binding.declaredIn ?? (outranks ? undefined : group.declaredIn);
      group.reason = binding.reason ?? (outranks ? undefined : group.reason);
    }
    for (const location of binding.locations) if (!group.locations.has(locationKey(location))) group.locations.set(locationKey(location), location);
    for (const declaration of binding.declarations) group.declarations.set(locationKey(declaration), declaration);
    groupOf.set(site, group);
  });
  return { symbols: [...byRoot.values()], groupOf };
}
