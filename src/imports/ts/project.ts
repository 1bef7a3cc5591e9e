import path from 'node:path';
import picomatch from 'picomatch';
import type ts from 'typescript';
import type { FsCache } from '../fs-cache.js';
import type { PathAlias } from '../specifier.js';

/** The compiler options that govern a file, read from its nearest tsconfig.json (or jsconfig.json). */
export interface TsProject {
  readonly configFile?: string;
  readonly options: ts.CompilerOptions;
  readonly cache: ts.ModuleResolutionCache;
  readonly aliases: readonly PathAlias[];
  readonly outputDirs: readonly string[];
  /** Problems reading the config, reported once against the config file. */
  readonly errors: readonly string[];
  /** Whether the config's `files`/`include`/`exclude` take in a file; when not, an editor (and we) use defaults. */
  readonly covers: (file: string) => boolean;
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * tsconfig's `include`/`exclude` semantics: a pattern is relative to the config's folder, and one naming a folder
 * (no wildcard, no extension) takes in everything below it. Matched with picomatch rather than TypeScript's
 * internal matcher, which is not part of its public API.
 */
function coverage(configDir: string, raw: { files?: unknown; include?: unknown; exclude?: unknown } | undefined): (file: string) => boolean {
  const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
  const files = strings(raw?.files);
  const include = strings(raw?.include) ?? (files ? [] : ['**/*']);
  const exclude = strings(raw?.exclude) ?? ['node_modules', 'bower_components', 'jspm_packages'];
  const expand = (pattern: string) => {
    const clean = pattern.replace(/^\.\//, '').replace(/\/$/, '');
    return GLOB_CHARS.test(clean) || path.extname(clean) ? [clean] : [clean, `${clean}/**/*`];
  };
  const included = picomatch(include.flatMap(expand), { dot: false });
  const excluded = exclude.length ? picomatch(exclude.flatMap(expand), { dot: true }) : () => false;
  const listed = new Set((files ?? []).map((file) => path.resolve(configDir, file)));
  return (file) => {
    if (listed.has(file)) return true;
    const relative = path.relative(configDir, file).split(path.sep).join('/');
    if (relative.startsWith('..')) return false;
    return included(relative) && !excluded(relative);
  };
}

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

export class TsProjects {
  private readonly configByDir = new Map<string, string | undefined>();
  private readonly projects = new Map<string, TsProject>();
  private fallback: TsProject | undefined;

  constructor(
    private readonly typescript: typeof ts,
    private readonly fsCache: FsCache,
    private readonly cwd: string,
  ) {}

  private nearestConfig(dir: string): string | undefined {
    if (this.configByDir.has(dir)) return this.configByDir.get(dir);
    const here = CONFIG_NAMES.map((name) => path.join(dir, name)).find((file) => this.fsCache.fileExists(file));
    const parent = path.dirname(dir);
    const config = here ?? (parent === dir ? undefined : this.nearestConfig(parent));
    this.configByDir.set(dir, config);
    return config;
  }

  forFile(file: string): TsProject {
    const configFile = this.nearestConfig(path.dirname(file));
    if (!configFile) return (this.fallback ??= this.create(undefined, this.defaults(), []));
    let project = this.projects.get(configFile);
    if (!project) {
      project = this.load(configFile);
      this.projects.set(configFile, project);
    }
    if (!project.covers(file)) return (this.fallback ??= this.create(undefined, this.defaults(), []));
    return project;
  }

  private defaults(): ts.CompilerOptions {
    const { ModuleKind, ModuleResolutionKind } = this.typescript;
    return { module: ModuleKind.ESNext, moduleResolution: ModuleResolutionKind.Bundler };
  }

  private parse(configFile: string, listFiles: boolean): ts.ParsedCommandLine | string {
    const typescript = this.typescript;
    const read = typescript.readConfigFile(configFile, (file) => this.fsCache.readFile(file));
    if (read.error) return typescript.flattenDiagnosticMessageText(read.error.messageText, '\n');
    // Resolution needs the options only; skipping the `include` walk keeps a 5,000-file tree from being listed twice.
    const host: ts.ParseConfigHost = {
      useCaseSensitiveFileNames: typescript.sys.useCaseSensitiveFileNames,
      readDirectory: listFiles ? typescript.sys.readDirectory : () => [],
      fileExists: this.fsCache.fileExists,
      readFile: this.fsCache.readFile,
    };
    return typescript.parseJsonConfigFileContent(read.config, host, path.dirname(configFile), undefined, configFile);
  }

  private load(configFile: string): TsProject {
    const parsed = this.parse(configFile, false);
    if (typeof parsed === 'string') return this.create(configFile, this.defaults(), [parsed]);
    const referenced = this.referencedProjectFor(parsed);
    const chosen = referenced ?? parsed;
    // TS18003 (no inputs) is an artefact of skipping the include walk; other option errors are the user's.
    const errors = parsed.errors
      .filter((error) => error.code !== 18003)
      .map((error) => this.typescript.flattenDiagnosticMessageText(error.messageText, '\n'));
    // A solution-style config covers what its references cover; we do not track which, so it covers all.
    const covers = referenced ? () => true : coverage(path.dirname(configFile), parsed.raw as Record<string, unknown>);
    return this.create(configFile, chosen.options, errors, covers);
  }

  /**
   * A solution-style tsconfig (`"files": []` plus `references`, as Vite templates write) holds no options of its
   * own; the referenced config that lists files carries the `paths` the code relies on.
   */
  private referencedProjectFor(parsed: ts.ParsedCommandLine): ts.ParsedCommandLine | undefined {
    const raw = parsed.raw as { files?: unknown[]; include?: unknown[] } | undefined;
    const solutionStyle = Array.isArray(raw?.files) && raw.files.length === 0 && !raw.include;
    if (!solutionStyle || !parsed.projectReferences?.length) return undefined;
    for (const reference of parsed.projectReferences) {
      const file = this.fsCache.directoryExists(reference.path) ? path.join(reference.path, 'tsconfig.json') : reference.path;
      const child = this.parse(file, true);
      if (typeof child !== 'string' && child.fileNames.length > 0 && child.options.paths) return child;
    }
    return undefined;
  }

  private create(configFile: string | undefined, parsedOptions: ts.CompilerOptions, errors: string[], covers: (file: string) => boolean = () => true): TsProject {
    // Resolution only: JavaScript and JSON targets count as found whatever the emit settings say.
    const options: ts.CompilerOptions = { ...parsedOptions, allowJs: true, resolveJsonModule: true, noDtsResolution: false };
    const cache = this.typescript.createModuleResolutionCache(this.cwd, (name) => name, options);
    // `paths` are relative to baseUrl, else to the config that declares them (TypeScript's internal pathsBasePath).
    const base = options.baseUrl ?? (options as { pathsBasePath?: string }).pathsBasePath ?? this.cwd;
    const aliases: PathAlias[] = Object.entries(options.paths ?? {}).map(([pattern, substitutions]) => ({
      pattern,
      substitutions: substitutions.map((substitution) => path.resolve(base, substitution)),
    }));
    const outputDirs = [options.outDir, options.declarationDir].filter((dir): dir is string => Boolean(dir));
    return { configFile, options, cache, aliases, outputDirs, errors, covers };
  }
}
