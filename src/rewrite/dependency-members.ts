import path from 'node:path';
import { Node, Project, ts } from 'ts-morph';

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
 * Asks TypeScript's checker where each member is declared, with a Project holding only the files that have such
 * sites (their imports are loaded by the program as needed): the whole tree is never type-checked.
 */
export function findDependencyMembers(cwd: string, sites: readonly MemberSite[]): DependencyMember[] {
  if (sites.length === 0) return [];
  const first = path.dirname(sites[0].absolutePath);
  const tsConfigFilePath = ts.findConfigFile(first, ts.sys.fileExists) ?? ts.findConfigFile(cwd, ts.sys.fileExists);
  const project = tsConfigFilePath
    ? new Project({ tsConfigFilePath, skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: true } })
    : new Project({ compilerOptions: { allowJs: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext } });
  for (const file of new Set(sites.map((site) => site.absolutePath))) project.addSourceFileAtPath(file);
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
