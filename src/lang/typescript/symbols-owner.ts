import path from 'node:path';
import type ts from 'typescript';
import type { Owner } from '../../symbols/model.js';
import type { Workspace } from './workspace.js';

/** TypeScript's own refusals (diagnostics 8001 and 8003 of its rename), for owners found without asking it to rename. */
export const LIB_MESSAGE = 'You cannot rename elements that are defined in the standard TypeScript library.';
export const NODE_MODULES_MESSAGE = "You cannot rename elements that are defined in a 'node_modules' folder.";

export interface OwnerVerdict {
  readonly owner: Owner;
  readonly declaredIn?: string;
  readonly reason?: string;
}

type FileOwner = { readonly foreign: 'platform' | 'dependency'; readonly declaredIn: string } | { readonly foreign?: undefined; readonly packageRoot: string };

/** `…/node_modules/@scope/name/x.d.ts` → `@scope/name`. */
function packageName(file: string): string {
  const rest = file.slice(file.lastIndexOf('/node_modules/') + '/node_modules/'.length).split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

/**
 * Who declares what, by the files declarations lie in. TypeScript resolves symlinks to real paths, so a workspace
 * package linked into node_modules is read where it lives in the repository and is first-party.
 */
export class Owners {
  private readonly packageRoots = new Map<string, string>();
  /** Where this TypeScript keeps its lib files, for lib files named by path only. */
  private readonly libDir: string;

  constructor(
    private readonly typescript: typeof ts,
    private readonly workspace: Workspace,
    private readonly cwd: string,
  ) {
    this.libDir = path.dirname(typescript.getDefaultLibFilePath({}));
  }

  /** `file` may be outside `program` (a location another project found): then only its path speaks. */
  ofFile(program: ts.Program, file: ts.SourceFile | string): FileOwner {
    const name = typeof file === 'string' ? file : file.fileName;
    const source = typeof file === 'string' ? program.getSourceFile(file) : file;
    if (source ? program.isSourceFileDefaultLibrary(source) : path.dirname(name) === this.libDir) return { foreign: 'platform', declaredIn: path.basename(name) };
    if (name.includes('/node_modules/')) {
      const declaredIn = packageName(name);
      // Node's own API is the runtime's, as lib.dom is the browser's: both are the platform.
      return { foreign: declaredIn === '@types/node' ? 'platform' : 'dependency', declaredIn };
    }
    const root = this.workspace.root;
    if (name !== root && !name.startsWith(root.endsWith('/') ? root : `${root}/`)) {
      return { foreign: 'dependency', declaredIn: path.relative(this.cwd, name).split(path.sep).join('/') };
    }
    return { packageRoot: this.packageRootOf(path.dirname(name)) };
  }

  /**
   * The owner of a symbol from its declarations (and every file TypeScript ties to it): any foreign declaration
   * makes it foreign, since renaming the project's half would break the other. A declaration inside an ambient
   * `declare module "pkg"` of a global declaration file describes that package's API, whoever wrote it.
   * First-party symbols named in several packages are `workspace`, the others `project`.
   */
  of(program: ts.Program, declarations: readonly ts.Declaration[], extraFiles: readonly string[]): OwnerVerdict {
    let platform: OwnerVerdict | undefined;
    const packageRoots = new Set<string>();
    const files = new Set<ts.SourceFile | string>(declarations.map((declaration) => declaration.getSourceFile()));
    for (const file of extraFiles) files.add(file);
    for (const file of files) {
      const owner = this.ofFile(program, file);
      if (owner.foreign === 'dependency') return { owner: 'dependency', declaredIn: owner.declaredIn, reason: NODE_MODULES_MESSAGE };
      if (owner.foreign) platform ??= { owner: 'platform', declaredIn: owner.declaredIn, reason: owner.declaredIn === '@types/node' ? NODE_MODULES_MESSAGE : LIB_MESSAGE };
      else packageRoots.add(owner.packageRoot);
    }
    if (platform) return platform;
    for (const declaration of declarations) {
      const ambient = this.ambientModuleOf(declaration);
      if (ambient && !this.workspace.packages.has(ambient)) {
        return { owner: 'dependency', declaredIn: ambient, reason: `declared in an ambient \`declare module "${ambient}"\`, which describes that package's API` };
      }
    }
    // A symbol named in more than one package of the repository is a workspace package's API.
    return { owner: packageRoots.size > 1 ? 'workspace' : 'project' };
  }

  /** The module a global `declare module "name"` block declares, for a declaration inside one (not an augmentation). */
  private ambientModuleOf(declaration: ts.Node): string | undefined {
    const typescript = this.typescript;
    for (let node: ts.Node | undefined = declaration; node; node = node.parent) {
      if (typescript.isModuleDeclaration(node) && typescript.isStringLiteral(node.name)) {
        const name = node.name.text;
        const relative = name.startsWith('.') || name.includes('*');
        return relative || typescript.isExternalModule(node.getSourceFile()) ? undefined : name;
      }
    }
    return undefined;
  }

  /** The nearest folder with a package.json, within the repository: a workspace package, or the repository itself. */
  packageRootOf(dir: string): string {
    let root = this.packageRoots.get(dir);
    if (root === undefined) {
      const parent = path.dirname(dir);
      const top = dir === this.workspace.root || parent === dir;
      root = this.workspace.fsCache.fileExists(path.join(dir, 'package.json')) || top ? dir : this.packageRootOf(parent);
      this.packageRoots.set(dir, root);
    }
    return root;
  }
}
