import path from 'node:path';
import { ts, type Project } from 'ts-morph';

/** A site the type checker should look at: the member it names may be a dependency's (see dependency-sites.ts). */
export interface MemberSite {
  readonly absolutePath: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The start of the reference inside the member name, to match the site back. */
  readonly reference: number;
}

export interface DependencyMember extends MemberSite {
  /** Where the dependency declares it: a path relative to cwd, or the lib file's name (`lib.dom.d.ts`). */
  readonly declaredIn: string;
  /** Declared in an allowed file of the project (`--allow`) rather than by a dependency: kept, not a conflict. */
  readonly allowed: boolean;
}

/** The declarations of the property `name` of `type`, of every member of a union (each could be the one passed). */
function propertyDeclarations(checker: ts.TypeChecker, type: ts.Type | undefined, name: string): readonly ts.Declaration[] {
  if (!type) return [];
  const types = type.isUnion() ? type.types : [type];
  return types.flatMap((member) => checker.getPropertyOfType(checker.getApparentType(member), name)?.declarations ?? []);
}

/**
 * The declarations a name resolves to as a member. Keys of object literals, JSX attributes and destructurings
 * declare themselves to getSymbolAtLocation, so for them the member is looked up on the type they are matched
 * against: the literal's contextual type, the destructured value's type.
 */
function memberDeclarations(checker: ts.TypeChecker, name: ts.Node & { text: string }): readonly ts.Declaration[] {
  const parent = name.parent as ts.Node & { name?: ts.Node };
  if (ts.isObjectLiteralElementLike(parent) && parent.name === name && ts.isObjectLiteralExpression(parent.parent)) {
    return propertyDeclarations(checker, checker.getContextualType(parent.parent), name.text);
  }
  if (ts.isJsxAttribute(parent) && parent.name === name) return propertyDeclarations(checker, checker.getContextualType(parent.parent), name.text);
  if (ts.isBindingElement(parent) && ts.isObjectBindingPattern(parent.parent) && (parent.propertyName ?? parent.name) === name) {
    return propertyDeclarations(checker, checker.getTypeAtLocation(parent.parent), name.text);
  }
  return checker.getSymbolAtLocation(name)?.declarations ?? [];
}

/**
 * Asks TypeScript's checker where the member each site names is declared, with a Project holding the files that
 * have such sites (see projectFor). A site is a dependency's when any declaration lies outside the project (under
 * node_modules, or the platform's lib files): renaming it would break that half, whatever the project declares
 * under the same name. A member declared in an allowed file (`allowedFile` gives its relative path) keeps its name
 * the same way, since allowed files are never rewritten. Sites TypeScript cannot resolve (an any-typed object)
 * are left to the caller.
 */
export function findDependencyMembers(
  project: Project,
  cwd: string,
  sites: readonly MemberSite[],
  allowedFile: (absolutePath: string) => string | undefined = () => undefined,
): DependencyMember[] {
  if (sites.length === 0) return [];
  const program = project.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  const outside = (file: ts.SourceFile): boolean => file.fileName.includes('/node_modules/') || program.isSourceFileDefaultLibrary(file);
  const found: DependencyMember[] = [];
  for (const site of sites) {
    const node = project.getSourceFile(site.absolutePath)?.getDescendantAtPos(site.start)?.compilerNode;
    if (!node || !(ts.isIdentifier(node) || ts.isStringLiteral(node) || ts.isPrivateIdentifier(node))) continue;
    const files = memberDeclarations(checker, node).map((declaration) => declaration.getSourceFile());
    const foreign = files.find(outside);
    if (!foreign) {
      const allowed = files.map((file) => allowedFile(file.fileName)).find((file) => file !== undefined);
      if (allowed !== undefined) found.push({ ...site, declaredIn: allowed, allowed: true });
      continue;
    }
    // ts-morph serves lib files from a virtual folder that does not exist on disk: name them by file alone.
    const declaredIn = program.isSourceFileDefaultLibrary(foreign) ? path.basename(foreign.fileName) : path.relative(cwd, foreign.fileName).split(path.sep).join('/');
    found.push({ ...site, declaredIn, allowed: false });
  }
  return found;
}
