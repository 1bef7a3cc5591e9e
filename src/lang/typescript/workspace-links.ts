import type { FsCache } from '../../imports/fs-cache.js';

/** The file-system probes TypeScript's module and `extends` resolution use. */
export interface ResolutionFs {
  readonly fileExists: (path: string) => boolean;
  readonly directoryExists: (path: string) => boolean;
  readonly readFile: (path: string) => string | undefined;
  readonly realpath: (path: string) => string;
}

const NODE_MODULES = '/node_modules/';

/**
 * The file system as it would be once the package manager linked the workspace: `…/node_modules/<workspace
 * package>/…` reads the package's folder when nothing is installed there (dependencies not installed yet). Each
 * package then resolves as with a real symlink, through its own package.json (`exports`, `types`), and `realpath`
 * names its folder, so its files are first-party. Also serves `extends: "@repo/tsconfig/base.json"`.
 */
export function linkedFs(fsCache: FsCache, packages: ReadonlyMap<string, string>, root: string): ResolutionFs {
  if (packages.size === 0) return fsCache;
  // Resolution looks into a node_modules folder only when it exists: inside the repository, one always would.
  const linkFolder = (path: string): boolean => path.endsWith('/node_modules') && (path + '/').startsWith(root.endsWith('/') ? root : `${root}/`);
  const redirect = (path: string): string | undefined => {
    const at = path.lastIndexOf(NODE_MODULES);
    if (at < 0) return undefined;
    const rest = path.slice(at + NODE_MODULES.length);
    const parts = rest.split('/');
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    const dir = packages.get(name);
    // An installed copy (a real folder or the package manager's own link) is left as it is.
    if (!dir || fsCache.directoryExists(path.slice(0, at + NODE_MODULES.length) + name)) return undefined;
    return dir + rest.slice(name.length);
  };
  return {
    fileExists: (path) => fsCache.fileExists(path) || ((target) => target !== undefined && fsCache.fileExists(target))(redirect(path)),
    directoryExists: (path) => fsCache.directoryExists(path) || linkFolder(path) || ((target) => target !== undefined && fsCache.directoryExists(target))(redirect(path)),
    readFile: (path) => fsCache.readFile(path) ?? ((target) => (target === undefined ? undefined : fsCache.readFile(target)))(redirect(path)),
    realpath: (path) => {
      const target = fsCache.fileExists(path) || fsCache.directoryExists(path) ? undefined : redirect(path);
      return fsCache.realpath(target ?? path);
    },
  };
}
