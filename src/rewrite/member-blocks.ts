import type { RenamerOptions } from '../config/options.js';
import type { Reference } from '../findings/model.js';
import type { ScopeConflict } from './conflicts.js';
import type { KeptMember, ScopeSite } from './member-scope.js';
import { isShorthand } from './shorthand.js';
import type { FileWork } from './work.js';

const MEMBER_KINDS = new Set(['member', 'property', 'keyword-argument']);
/** How a site is named to the checker and back. */
export const siteKey = (absolutePath: string, start: number): string => `${absolutePath}:${start}`;

const typed = (file: FileWork): boolean => file.source.language === 'typescript' || file.source.language === 'javascript';

/**
 * Members that keep their name because renaming them would clash, and which other sites must keep it with them.
 * In TS/JS the type checker tells the sites apart (see member-scope.ts); in Python, or when type checks are off,
 * every member-like site with that name stays, since nothing tells them apart.
 */
export class MemberBlocks {
  private readonly members: KeptMember[] = [];
  private readonly values = new Map<string, Array<{ start: number; end: number; name: string }>>();
  private verdicts: ReadonlyMap<string, string> | undefined;

  /** `allowed`: the member keeps its name because an allowed file declares it, which is the user's choice, not a conflict. */
  add(file: FileWork, conflict: ScopeConflict, at: string, allowed = false): void {
    this.members.push({ absolutePath: file.source.absolutePath, start: conflict.start, name: conflict.name, at, typed: typed(file), allowed });
    if (conflict.value) this.values.set(file.source.path, [...(this.values.get(file.source.path) ?? []), { ...conflict.value, name: conflict.name }]);
  }

  get kept(): readonly KeptMember[] {
    return this.members;
  }

  /** The TS/JS sites named like a kept member, for the checker: member-like references and shorthand keys. */
  sitesToCheck(work: readonly FileWork[], options: RenamerOptions): ScopeSite[] {
    const names = new Set(this.members.map((member) => member.name));
    if (names.size === 0) return [];
    return work.filter(typed).flatMap((file) =>
      file.references
        .filter((reference) => options.kinds.has(reference.kind) || isShorthand(file.nodes.get(reference)))
        .filter((reference) => isMemberSite(file, reference) && names.has(nameOf(file, reference)))
        .map((reference) => ({ absolutePath: file.source.absolutePath, start: reference.start, name: nameOf(file, reference) })),
    );
  }

  /** What the checker decided for the sites of sitesToCheck (undefined: it did not run, so names decide). */
  resolve(verdicts: ReadonlyMap<string, string> | undefined): void {
    this.verdicts = verdicts;
  }

  /** Whether every kept member named like `reference` keeps its name for an allowed file (see add). */
  allowedOnly(file: FileWork, reference: Reference): boolean {
    const name = nameOf(file, reference);
    const named = this.members.filter((member) => member.name === name);
    return named.length > 0 && named.every((member) => member.allowed);
  }

  /** Why `reference` must keep its name because of a kept member, or undefined. */
  reason(file: FileWork, reference: Reference): string | undefined {
    const value = this.values.get(file.source.path)?.find((span) => reference.start >= span.start && reference.end <= span.end);
    if (value) return `kept: the value of ${value.name}, which keeps its name; renamed, it could duplicate the value of the member it clashes with`;
    if (!isMemberSite(file, reference)) return undefined;
    const name = nameOf(file, reference);
    const member = this.members.find((candidate) => candidate.name === name);
    if (!member) return undefined;
    if (typed(file) && this.verdicts) return this.verdicts.get(siteKey(file.source.absolutePath, reference.start));
    // Without types only member accesses are matched by name; a shorthand binding is a local, not an access.
    if (!MEMBER_KINDS.has(reference.kind)) return undefined;
    return `kept: the member declared at ${member.at} cannot be renamed, and accesses cannot be told apart without types`;
  }
}

const nameOf = (file: FileWork, reference: Reference): string => file.nodes.get(reference)?.text ?? reference.text;

/** A site that names a member: an access, key or attribute, or a shorthand whose key side is one. */
const isMemberSite = (file: FileWork, reference: Reference): boolean => MEMBER_KINDS.has(reference.kind) || isShorthand(file.nodes.get(reference));
