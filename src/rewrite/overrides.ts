import path from 'node:path';
import { ts, type Project } from 'ts-morph';
import type { OverrideCandidate } from './override-sites.js';

/** A project member that overrides or implements a member declared outside the project, or in an allowed file. */
export interface Override {
  readonly candidate: OverrideCandidate;
  /** `BaseClient.timeout` */
  readonly overridden: string;
  /** The package (`fake-http`, `@types/node`), the platform's lib file (`lib.es5.d.ts`) or the allowed file. */
  readonly declaredBy: string;
  readonly allowed: boolean;
}

/** The package a node_modules path belongs to: `…/node_modules/@scope/name/x.d.ts` → `@scope/name`. */
function packageOf(fileName: string): string {
  const rest = fileName.slice(fileName.lastIndexOf('/node_modules/') + '/node_modules/'.length).split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

type Owner = ts.ClassLikeDeclaration | ts.InterfaceDeclaration;
const isOwner = (node: ts.Node | undefined): node is Owner => node !== undefined && (ts.isClassLike(node) || ts.isInterfaceDeclaration(node));

/** The class or interface declaring the member whose name is `name`, a constructor parameter property included. */
function ownerOf(name: ts.Node): Owner | undefined {
  const member = name.parent;
  if (ts.isParameter(member) && ts.isConstructorDeclaration(member.parent)) return member.parent.parent;
  return isOwner(member?.parent) ? member.parent : undefined;
}

/**
 * Asks the checker, for each candidate, whether a base type of its class or interface (what `extends` and
 * `implements` name, the whole chain up) has a member of that name declared outside the project: renaming the
 * project's declaration would stop it overriding (or break the `implements` contract). A base declared in the
 * project is followed up, since it may inherit the member from a dependency in turn.
 */
export function findOverrides(project: Project, cwd: string, candidates: readonly OverrideCandidate[], allowedFile: (absolutePath: string) => string | undefined): Override[] {
  if (candidates.length === 0) return [];
  const program = project.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  const outside = (file: ts.SourceFile): boolean => file.fileName.includes('/node_modules/') || program.isSourceFileDefaultLibrary(file);

  const search = (owner: Owner, name: string, seen: Set<Owner>): Omit<Override, 'candidate'> | undefined => {
    if (seen.has(owner)) return undefined;
    seen.add(owner);
    for (const clause of owner.heritageClauses ?? []) {
      for (const base of clause.types) {
        const type = checker.getTypeAtLocation(base);
        for (const declaration of checker.getPropertyOfType(type, name)?.declarations ?? []) {
          const file = declaration.getSourceFile();
          const parent = declaration.parent;
          const baseName = isOwner(parent) && parent.name ? parent.name.text : checker.typeToString(type);
          if (outside(file)) {
            const declaredBy = program.isSourceFileDefaultLibrary(file) ? `the platform (${path.basename(file.fileName)})` : packageOf(file.fileName);
            return { overridden: `${baseName}.${name}`, declaredBy, allowed: false };
          }
          const allowed = allowedFile(file.fileName);
          if (allowed !== undefined) return { overridden: `${baseName}.${name}`, declaredBy: allowed, allowed: true };
          const inherited = isOwner(parent) ? search(parent, name, seen) : undefined;
          if (inherited) return inherited;
        }
      }
    }
    return undefined;
  };

  const found: Override[] = [];
  for (const candidate of candidates) {
    const node = project.getSourceFile(candidate.absolutePath)?.getDescendantAtPos(candidate.start)?.compilerNode;
    if (!node || !(ts.isIdentifier(node) || ts.isPrivateIdentifier(node) || ts.isStringLiteral(node))) continue;
    const owner = ownerOf(node);
    const hit = owner && search(owner, node.text, new Set());
    if (hit) found.push({ candidate, ...hit });
  }
  return found;
}
