import type { Binding, Owner, SymbolLocation } from '../../symbols/model.js';
import { combineOwners } from './symbols-owner.js';

/**
 * One symbol while sites are being bound. Records are mutable until the end of bind(): a getattr string found
 * later adds a location, an override found later merges two records, and every site bound to either must then
 * report the whole symbol (ARCHITECTURE.md: a symbol is renamed whole or reported whole).
 */
export class SymbolRecord {
  readonly locations = new Map<string, SymbolLocation>();
  readonly declarations = new Map<string, SymbolLocation>();
  readonly owners: Owner[] = [];
  declaredIn: string | undefined;
  readonly reasons: string[] = [];
  /** Set when this record was merged into another: follow it. */
  mergedInto: SymbolRecord | undefined;
  /** Set once the class hierarchy around its declarations was walked. */
  hierarchyDone = false;

  constructor(readonly name: string) {}

  get root(): SymbolRecord {
    let record: SymbolRecord = this;
    while (record.mergedInto) record = record.mergedInto;
    return record;
  }

  get owner(): Owner {
    return combineOwners(this.owners);
  }
}

export const keyOf = (location: SymbolLocation): string => `${location.file}\0${location.start}\0${location.end}`;

const byPosition = (a: SymbolLocation, b: SymbolLocation): number =>
  a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start || a.end - b.end;

/** The records of one bind() call, found by a declaration or by a location that covers a site. */
export class SymbolTable {
  private readonly byDeclaration = new Map<string, SymbolRecord>();
  private readonly byKey = new Map<string, SymbolRecord>();
  private readonly byFile = new Map<string, { start: number; end: number; record: SymbolRecord }[]>();

  /** A record of a symbol declared at any of `declarations`, or a new one; the caller fills it in. */
  recordFor(name: string, declarations: readonly SymbolLocation[]): { record: SymbolRecord; isNew: boolean } {
    for (const declaration of declarations) {
      const found = this.byDeclaration.get(keyOf(declaration));
      if (found) return { record: found.root, isNew: false };
    }
    const record = new SymbolRecord(name);
    for (const declaration of declarations) this.addDeclaration(record, declaration);
    return { record, isNew: true };
  }

  /**
   * A record found by a key of the adapter's own (a keyword a dependency's callee takes without declaring it):
   * its declarations are not indexed, since they are the callee's, not this name's.
   */
  keyed(key: string, name: string): { record: SymbolRecord; isNew: boolean } {
    const found = this.byKey.get(key);
    if (found) return { record: found.root, isNew: false };
    const record = new SymbolRecord(name);
    this.byKey.set(key, record);
    return { record, isNew: true };
  }

  addDeclaration(record: SymbolRecord, declaration: SymbolLocation): void {
    record.root.declarations.set(keyOf(declaration), declaration);
    this.byDeclaration.set(keyOf(declaration), record.root);
  }

  addLocation(record: SymbolRecord, location: SymbolLocation): void {
    const root = record.root;
    root.locations.set(keyOf(location), location);
    let spans = this.byFile.get(location.file);
    if (!spans) this.byFile.set(location.file, (spans = []));
    spans.push({ start: location.start, end: location.end, record: root });
  }

  /** The symbol an earlier answer already placed over this site: no new request is needed. */
  covering(file: string, start: number, end: number): SymbolRecord | undefined {
    return this.byFile.get(file)?.find((span) => span.start <= start && end <= span.end)?.record.root;
  }

  /** Two records are one symbol (an override): the second's locations and declarations join the first. */
  merge(into: SymbolRecord, other: SymbolRecord, reason?: string): SymbolRecord {
    const a = into.root;
    const b = other.root;
    if (a === b) return a;
    for (const location of b.locations.values()) this.addLocation(a, location);
    for (const declaration of b.declarations.values()) this.addDeclaration(a, declaration);
    a.owners.push(...b.owners);
    a.declaredIn ??= b.declaredIn;
    a.reasons.push(...b.reasons, ...(reason ? [reason] : []));
    b.mergedInto = a;
    return a;
  }

  /** The final, immutable binding of a record: one object per symbol, shared by all its sites. */
  materialize(record: SymbolRecord, cache: Map<SymbolRecord, Binding>): Binding {
    const root = record.root;
    let binding = cache.get(root);
    if (!binding) {
      const owner = root.owner;
      const reason = [...new Set(root.reasons)].join('; ');
      binding = {
        kind: 'symbol',
        name: root.name,
        locations: [...root.locations.values()].sort(byPosition),
        declarations: [...root.declarations.values()].sort(byPosition),
        owner,
        ...(root.declaredIn && owner !== 'project' && owner !== 'workspace' ? { declaredIn: root.declaredIn } : {}),
        ...(reason ? { reason } : {}),
      };
      cache.set(root, binding);
    }
    return binding;
  }
}
