import { ts, type Project } from 'ts-morph';
import { siteKey } from './member-blocks.js';

/** A member declaration that keeps its name because renaming it would clash (see conflicts.ts). */
export interface KeptMember {
  readonly absolutePath: string;
  /** The start of the member's name. */
  readonly start: number;
  readonly name: string;
  /** `path:line`, for reasons. */
  readonly at: string;
  /** Declared in TS/JS, so that the checker can find its references; a Python member only names a reason. */
  readonly typed: boolean;
  /** Kept because an allowed file declares what it overrides (see overrides.ts): reported as kept, not a conflict. */
  readonly allowed?: boolean;
}

/** A TS/JS site named like a kept member: an access, a key, a JSX attribute, a destructured key, a declaration. */
export interface ScopeSite {
  readonly absolutePath: string;
  /** The start of the reference, inside the name. */
  readonly start: number;
  readonly name: string;
}

const isAny = (type: ts.Type | undefined): boolean => type !== undefined && (type.flags & ts.TypeFlags.Any) !== 0;

const DECLARATIONS = new Set([
  ts.SyntaxKind.PropertySignature, ts.SyntaxKind.PropertyDeclaration, ts.SyntaxKind.MethodSignature, ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.EnumMember, ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor, ts.SyntaxKind.Parameter,
]);

/** Why the checker cannot say whose member `name` is, or undefined when it can. */
function unresolved(checker: ts.TypeChecker, name: ts.Node): string | undefined {
  const parent = name.parent as ts.Node & { name?: ts.Node };
  if (ts.isObjectLiteralElementLike(parent) && ts.isObjectLiteralExpression(parent.parent) && parent.name === name) {
    // A literal with no contextual type is its own declaration; one passed where `any` goes could be anything's.
    return isAny(checker.getContextualType(parent.parent)) ? 'the object literal goes where any is expected' : undefined;
  }
  if (ts.isJsxAttribute(parent)) return isAny(checker.getContextualType(parent.parent)) ? 'the element takes untyped props' : undefined;
  if (ts.isBindingElement(parent)) return isAny(checker.getTypeAtLocation(parent.parent)) ? 'it destructures an any-typed value' : undefined;
  if (DECLARATIONS.has(parent.kind) && parent.name === name) return undefined;
  if (ts.isPropertyAccessExpression(parent) && parent.name === name && isAny(checker.getTypeAtLocation(parent.expression))) return 'its object is any-typed';
  return checker.getSymbolAtLocation(name) ? undefined : 'TypeScript finds no declaration for it';
}

/**
 * Which sites must keep their name, keyed by siteKey with the reason: those TypeScript attributes to a kept member
 * (accesses through its type, object literals typed by it, destructurings of it, JSX props of it) and those it
 * cannot resolve at all. Every other site is another type's member and may be renamed. `project` holds the files of
 * the sites and of the typed members.
 */
export function keptMemberSites(project: Project, members: readonly KeptMember[], sites: readonly ScopeSite[]): Map<string, string> {
  const service = project.getLanguageService().compilerObject;
  const referenced = new Map<string, Array<{ start: number; end: number; member: KeptMember }>>();
  for (const member of members) {
    const file = member.typed ? project.getSourceFile(member.absolutePath) : undefined;
    for (const symbol of (file && service.findReferences(file.getFilePath(), member.start)) ?? []) {
      for (const { fileName, textSpan } of symbol.references) {
        const spans = referenced.get(fileName) ?? [];
        spans.push({ start: textSpan.start, end: textSpan.start + textSpan.length, member });
        referenced.set(fileName, spans);
      }
    }
  }
  const checker = project.getTypeChecker().compilerObject;
  const kept = new Map<string, string>();
  for (const site of sites) {
    const file = project.getSourceFile(site.absolutePath);
    const hit = file && referenced.get(file.getFilePath())?.find((span) => site.start >= span.start && site.start < span.end);
    if (hit) {
      kept.set(siteKey(site.absolutePath, site.start), `kept: TypeScript resolves it to the member declared at ${hit.member.at}, which cannot be renamed`);
      continue;
    }
    const node = file?.getDescendantAtPos(site.start)?.compilerNode;
    const why = node ? unresolved(checker, node) : 'TypeScript did not load this file';
    const member = members.find((candidate) => candidate.name === site.name);
    if (why) kept.set(siteKey(site.absolutePath, site.start), `kept: ${why}, so it cannot be told apart from the member declared at ${member?.at}, which cannot be renamed`);
  }
  return kept;
}
