import path from 'node:path';
import { Node, type Project } from 'ts-morph';

/** A member access the type checker should look at: its declaration may be a dependency's. */
export interface MemberSite {
  readonly absolutePath: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The start of the reference inside the member name, to match the site back. */
  readonly reference: number;
}

export interface DependencyMember extends MemberSite {
  readonly declaredIn: string;
}

const isDependencyFile = (project: Project, file: string): boolean => {
  const source = project.getSourceFile(file);
  return file.includes('/node_modules/') || (source !== undefined && project.getProgram().compilerObject.isSourceFileDefaultLibrary(source.compilerNode));
};

/**
 * Asks TypeScript's checker where each member is declared, with a Project holding the files that have such sites
 * (see projectFor): members that only a dependency or the platform declares are not the project's to rename.
 */
export function findDependencyMembers(project: Project, cwd: string, sites: readonly MemberSite[]): DependencyMember[] {
  if (sites.length === 0) return [];
  const checker = project.getTypeChecker();
  const found: DependencyMember[] = [];
  for (const site of sites) {
    const node = project.getSourceFile(site.absolutePath)?.getDescendantAtPos(site.start);
    if (!node || !(Node.isIdentifier(node) || Node.isStringLiteral(node) || Node.isPrivateIdentifier(node))) continue;
    const symbol = checker.getSymbolAtLocation(node);
    const declarations = symbol?.getDeclarations() ?? [];
    if (declarations.length === 0) continue;
    const files = declarations.map((declaration) => declaration.getSourceFile().getFilePath() as string);
    if (files.every((file) => isDependencyFile(project, file))) {
      found.push({ ...site, declaredIn: path.relative(cwd, files[0]).split(path.sep).join('/') });
    }
  }
  return found;
}
