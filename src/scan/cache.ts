import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DependencyContext } from './cache-context.js';
import { QuietFiles } from './quiet-files.js';
import type { CandidateFile } from './read-candidates.js';
import type { FileResult, ScanSettings } from './shard.js';

/**
 * A persistent cache of each candidate file's findings, so that `check` in CI or a pre-commit hook never analyzes
 * an unchanged file twice. An entry's key holds everything its findings depend on: the file's text and report path,
 * the plan (renames, allow globs, fallback), renamer's own code and dependencies (see engineIdentity), Node's
 * version, and for TypeScript and JavaScript the manifests and `node_modules` above the file (DependencyContext).
 * A missing, unreadable or corrupt entry is a miss; nothing is ever trusted that the key does not vouch for.
 */
export interface ScanCache {
  /** The key of a candidate's findings. */
  keyOf(candidate: CandidateFile): string;
  get(key: string): FileResult | undefined;
  put(key: string, result: FileResult): void;
  /** Files found without a candidate by earlier runs of this plan, skipped while unchanged (see QuietFiles). */
  readonly quietFiles: QuietFiles;
  /** Saves what only the end of a run knows (the quiet files), given the folders the run walked (absolute paths). */
  finish(walkedFolders: readonly string[]): void;
  /** The dependency fingerprint of each folder a key took one for (see DependencyContext). */
  readonly dependencyFingerprints: ReadonlyMap<string, string>;
  /** Whether the cache held entries when opened: a run that will likely hit needs no parser up front. */
  readonly warm: boolean;
  readonly stats: { hits: number; misses: number };
}

/** Bumped whenever an entry's layout or meaning changes. */
const FORMAT = 'renamer-scan-cache-2';
const IGNORE_ALL = "# renamer's scan cache (renamer check --no-cache turns it off); safe to delete\n*\n";
const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/**
 * Where check keeps its cache for a run from `cwd`: node_modules/.cache/renamer in the nearest folder (up to the
 * repository's top) that has node_modules, as JavaScript tools do; otherwise .renamer-cache/ at the repository's
 * top (or in `cwd` outside one), which holds a .gitignore that ignores it whole.
 */
export function defaultCacheDir(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules', '.cache', 'renamer');
    if (existsSync(path.join(dir, '.git'))) return path.join(dir, '.renamer-cache');
    if (path.dirname(dir) === dir) return path.join(path.resolve(cwd), '.renamer-cache');
  }
}

/**
 * renamer's code and the versions of the packages it runs: a rebuild or an upgrade misses. The bundled CLI
 * (scripts/bundle-cli.mjs) names its code by the content hash in build.json beside it; the unbundled library
 * (dist/ run directly) by every file of the build, by size and time.
 */
export function engineIdentity(): string {
  const codeRoot = fileURLToPath(new URL('..', import.meta.url));
  const hash = createHash('sha256').update(`${FORMAT}\0${process.version}\0`);
  const bundleBuild = readBundleBuild();
  if (bundleBuild) hash.update(`bundle\0${bundleBuild}\0`);
  else {
    const files = (readdirSync(codeRoot, { recursive: true }) as string[]).filter((file) => /\.(js|ts|json|wasm)$/.test(file) && !file.endsWith('.d.ts')).sort();
    for (const file of files) {
      const stats = statSync(path.join(codeRoot, file), { throwIfNoEntry: false });
      if (stats?.isFile()) hash.update(`${file}\0${stats.size}\0${stats.mtimeMs}\0`);
    }
  }
  const packageRoot = path.dirname(codeRoot);
  const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version?: string; dependencies?: Record<string, string> };
  hash.update(`${manifest.version}\0`);
  for (const name of Object.keys(manifest.dependencies ?? {}).sort()) hash.update(`${name}@${installedVersion(packageRoot, name)}\0`);
  return hash.digest('hex');
}

/** The bundle's content hash when this module runs from dist/bundle/ (undefined anywhere else). */
function readBundleBuild(): string | undefined {
  try {
    const { build } = JSON.parse(readFileSync(fileURLToPath(new URL('./build.json', import.meta.url)), 'utf8')) as { build?: unknown };
    return typeof build === 'string' ? build : undefined;
  } catch {
    return undefined;
  }
}

/** A dependency's version as Node would find it from renamer's folder (its own node_modules, or a hoisted one). */
function installedVersion(packageRoot: string, name: string): string {
  for (let dir = packageRoot; ; dir = path.dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }).version ?? '?';
    } catch {
      if (path.dirname(dir) === dir) return 'missing';
    }
  }
}

const isResult = (value: unknown): value is FileResult => {
  const result = value as FileResult | null;
  return (
    typeof result === 'object' &&
    result !== null &&
    Array.isArray(result.references) &&
    Array.isArray(result.conflicts) &&
    Array.isArray(result.errors) &&
    (result.failed === undefined || result.failed === true) &&
    result.references.every((reference) => typeof reference === 'object' && reference !== null && typeof reference.file === 'string')
  );
};

/**
 * Opens (creating on first write) the cache under `root` for one plan. Never throws on a bad cache: it misses.
 * `engine` stands for renamer's build (tests pass another to play an upgrade); `now` is when the run reads the
 * files (tests play a later run, since files changed within seconds of a read are never vouched for).
 */
export function openScanCache(root: string, settings: ScanSettings, engine = engineIdentity(), now = Date.now()): ScanCache {
  const folder = path.join(root, engine.slice(0, 16));
  const plan = sha256(JSON.stringify([engine, settings.renames, settings.allow, settings.fallbackOnParseError, settings.maxFileSize]));
  const context = new DependencyContext();
  const made = new Set<string>();
  let writable = true;
  const stats = { hits: 0, misses: 0 };
  // One folder for every entry: a run writes as many entries as a tree has candidate files (hundreds, not the
  // millions that would need a level of subfolders), and a subfolder per key prefix cost a mkdir per entry.
  const entryFile = (key: string): string => path.join(folder, `${key}.json`);

  /** The first write of a new build clears the folders of older builds: their entries can never be read again. */
  const prepare = (dir: string): void => {
    if (made.has(dir)) return;
    if (made.size === 0) {
      if (!existsSync(root)) {
        mkdirSync(root, { recursive: true });
        if (path.basename(root) === '.renamer-cache') writeFileSync(path.join(root, '.gitignore'), IGNORE_ALL);
      }
      if (!existsSync(folder)) {
        for (const other of readdirSync(root)) if (/^[0-9a-f]{16}$/.test(other)) rmSync(path.join(root, other), { recursive: true, force: true });
      }
    }
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  };

  const quietFiles = QuietFiles.open(path.join(folder, `quiet-${plan.slice(0, 16)}`), now);

  return {
    warm: existsSync(folder),
    stats,
    quietFiles,
    dependencyFingerprints: context.fingerprints,
    finish(walkedFolders) {
      if (!writable) return;
      try {
        prepare(folder);
      } catch {
        return;
      }
      quietFiles.save(walkedFolders);
    },
    keyOf(candidate) {
      const { file } = candidate;
      const extension = file.path.slice(file.path.lastIndexOf('.')).toLowerCase();
      const code = /^\.[cm]?[jt]sx?$/.test(extension);
      const dependencies = code ? context.of(path.dirname(file.absolutePath)) : '';
      return createHash('sha256')
        .update(`${plan}\0${file.path}\0${dependencies}\0${candidate.bom}\0${candidate.encoding ?? ''}\0`)
        .update(candidate.text)
        .digest('hex');
    },
    get(key) {
      let entry: { key?: unknown; result?: unknown };
      try {
        entry = JSON.parse(readFileSync(entryFile(key), 'utf8')) as typeof entry;
      } catch {
        stats.misses++;
        return undefined;
      }
      if (entry?.key !== key || !isResult(entry.result)) {
        stats.misses++;
        return undefined;
      }
      stats.hits++;
      return entry.result;
    },
    put(key, result) {
      if (!writable) return;
      const file = entryFile(key);
      try {
        prepare(path.dirname(file));
        // Written whole, then renamed into place: a reader never sees half an entry, even from a parallel run.
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify({ key, result }));
        renameSync(temporary, file);
      } catch {
        writable = false; // A read-only checkout or a full disk: the run goes on without caching.
      }
    },
  };
}
