import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type ts from 'typescript';
import { discoverFiles } from '../../discover/discover.js';
import { FsCache } from '../../imports/fs-cache.js';
import { hasNoExtension, scriptLanguageOf } from '../script-language.js';
import { linkedFs, type ResolutionFs } from './workspace-links.js';
import { workspacePackages } from './workspace-packages.js';

/** One TypeScript project as tsserver would open it: a tsconfig/jsconfig, or the inferred project of loose files. */
export interface ProjectSpec {
  /** Undefined for the inferred project. */
  readonly configFile?: string;
  readonly options: ts.CompilerOptions;
  readonly rootFiles: readonly string[];
  readonly references?: readonly ts.ProjectReference[];
}

export interface Workspace {
  /** The repository's top folder (the one holding `.git`), else the run's folder: files below it are first-party. */
  readonly root: string;
  /** Configured projects, nearest config first for files several include; the inferred project last. */
  readonly projects: readonly ProjectSpec[];
  /** Workspace packages: name → folder. */
  readonly packages: ReadonlyMap<string, string>;
  readonly fsCache: FsCache;
  /** What module resolution reads: the disk, with unlinked workspace packages linked (workspace-links.ts). */
  readonly fs: ResolutionFs;
  readonly parsedConfig: (configFile: string) => ts.ParsedCommandLine | undefined;
  /** The project that holds `file` as a root file, as tsserver picks it: the nearest config's, else the inferred one. */
  projectOf(file: string): ProjectSpec;
}

const CONFIG_NAMES = new Set(['tsconfig.json', 'jsconfig.json']);
const CODE_NAME = /\.(?:[cm]?[jt]s|[jt]sx)$/;
/** A file of TypeScript or JavaScript: by its extension, or a Node script without one (`#!/usr/bin/env node`). */
const CODE = { test: (file: string): boolean => CODE_NAME.test(file) || (hasNoExtension(file) && scriptLanguageOf(file) === 'javascript') };

function repositoryRoot(cwd: string): string {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return cwd;
  }
}

/**
 * Tsserver's defaults for an inferred project (loose files), so JavaScript is read and JSX kept; `bundler`
 * resolution accepts extensionless relative imports as most loose code is written. Unlike tsserver, packages'
 * JavaScript is not read (maxNodeModuleJsDepth 0): it costs seconds, and an installed package without types is
 * still told apart from a missing one (symbols-unresolved.ts).
 */
function inferredOptions(typescript: typeof ts): ts.CompilerOptions {
  return {
    allowJs: true, allowNonTsExtensions: true, allowSyntheticDefaultImports: true, esModuleInterop: true, resolveJsonModule: true,
    jsx: typescript.JsxEmit.Preserve, target: typescript.ScriptTarget.ESNext, module: typescript.ModuleKind.ESNext,
    moduleResolution: typescript.ModuleResolutionKind.Bundler, skipLibCheck: true, noEmit: true,
  };
}

/** The nearest tsconfig/jsconfig from `dir` up to the repository's top, as tsserver looks for a file's project. */
function configAbove(dir: string, root: string, fsCache: FsCache): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    for (const name of CONFIG_NAMES) if (fsCache.fileExists(path.join(at, name))) return path.join(at, name);
    if (at === root || path.dirname(at) === at || !at.startsWith(root)) return undefined;
  }
}

/**
 * Project references to the workspace packages that build into an output folder, added to every other project.
 * A package's manifest points at its build (`exports: "./dist/index.js"`), which may not exist and is generated
 * when it does; with a reference, TypeScript reads the package's sources instead, as tsserver does for declared
 * references, so its names bind to the files the rename rewrites.
 */
function packageReferences(projects: readonly ProjectSpec[], packages: ReadonlyMap<string, string>, of: ProjectSpec | undefined): readonly ts.ProjectReference[] | undefined {
  const dirs = new Set(packages.values());
  const own = new Set((of?.references ?? []).map((reference) => path.resolve(reference.path)));
  const added = projects
    .filter((project) => project !== of && project.configFile && dirs.has(path.dirname(project.configFile)))
    .filter((project) => project.options.outDir || project.options.declarationDir || project.options.outFile)
    .filter((project) => !own.has(project.configFile!) && !own.has(path.dirname(project.configFile!)))
    .map((project) => ({ path: project.configFile! }));
  return added.length === 0 ? of?.references : [...(of?.references ?? []), ...added];
}

function referencePackages(projects: ProjectSpec[], packages: ReadonlyMap<string, string>): void {
  const references = projects.map((project) => packageReferences(projects, packages, project));
  projects.forEach((project, index) => {
    projects[index] = { ...project, references: references[index] };
  });
}

/**
 * Whether a module gives a program declarations whether or not anything imports it: a script (no import or export:
 * its top-level names are global), or a module that declares globals or ambient modules.
 */
function declaresGlobals(text: string): boolean {
  // A module has a top-level import or export statement (`import(...)` and `import.meta` do not count here: when in
  // doubt the file is kept, which only costs time).
  const isModule = /^[ \t]*(?:import|export)\b(?![ \t]*[(.])/m.test(text);
  return !isModule || /\bdeclare\s+(?:global|module|namespace)\b/.test(text) || text.includes('/// <reference');
}

/** Whether a project file stays a root of its program: declaration files, files that may spell the plan, globals. */
function keepsRoot(file: string, mayMention: (file: string, bytes: Buffer) => boolean): boolean {
  if (/\.d\.[cm]?ts$/.test(file)) return true;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return true; // Unreadable: kept, as before, for TypeScript to report.
  }
  return mayMention(file, bytes) || declaresGlobals(bytes.toString('utf8'));
}

/**
 * Leaves out of each project's root files the modules that spell none of the plan's names and declare nothing
 * global. A reference to a symbol is spelled with its name, so such a file holds no rename location, and whatever
 * types the other files need from it arrive through their imports; TypeScript's own reference search skips files
 * that do not spell the name for the same reason. On a 10,000-file tree with 100 files to rename, apply built a
 * program of 10,000 files (17 s, 2 GB); now of the 100 and what they import. A project left with no root is built
 * only when a file of it is asked about (projectOf adds the file back).
 */
function narrowRoots(projects: ProjectSpec[], ownerOf: Map<string, ProjectSpec>, mayMention: (file: string, bytes: Buffer) => boolean): (project: ProjectSpec) => ProjectSpec {
  const narrowed = new Map<ProjectSpec, ProjectSpec>();
  const narrow = (project: ProjectSpec): ProjectSpec => {
    let spec = narrowed.get(project);
    if (!spec) narrowed.set(project, (spec = { ...project, rootFiles: project.rootFiles.filter((file) => keepsRoot(file, mayMention)) }));
    return spec;
  };
  for (const [file, project] of ownerOf) ownerOf.set(file, narrow(project));
  const kept = projects.map(narrow).filter((project) => project.rootFiles.length > 0);
  projects.splice(0, projects.length, ...kept);
  return narrow;
}

/**
 * Finds every tsconfig/jsconfig under `cwd` (outside node_modules, .git and gitignored folders) and the configs
 * they reference, parsed by TypeScript itself so `extends`, `references` and `paths` mean what they mean to tsc.
 * Files of the run that no config takes in (loose JS/TS) form one inferred project.
 */
export function loadWorkspace(typescript: typeof ts, cwd: string, files: readonly string[], mayMention?: (file: string, bytes: Buffer) => boolean): Workspace {
  const root = repositoryRoot(cwd);
  const fsCache = new FsCache();
  const packages = workspacePackages([root, cwd], fsCache);
  const fs = linkedFs(fsCache, packages, root);
  const parsed = new Map<string, ts.ParsedCommandLine | undefined>();
  const extendedCache = new Map<string, ts.ExtendedConfigCacheEntry>();
  const host: ts.ParseConfigFileHost = {
    ...typescript.sys,
    fileExists: fs.fileExists,
    readFile: fs.readFile,
    directoryExists: fs.directoryExists,
    realpath: fs.realpath,
    // A broken config leaves its files to the inferred project rather than ending the run.
    onUnRecoverableConfigFileDiagnostic: () => undefined,
  };
  const parsedConfig = (configFile: string): ts.ParsedCommandLine | undefined => {
    if (!parsed.has(configFile)) parsed.set(configFile, typescript.getParsedCommandLineOfConfigFile(configFile, undefined, host, extendedCache));
    return parsed.get(configFile);
  };

  const projects: ProjectSpec[] = [];
  const seen = new Set<string>();
  const load = (pending: string[]): void => {
    while (pending.length > 0) {
      const configFile = path.resolve(pending.shift()!);
      if (seen.has(configFile)) continue;
      seen.add(configFile);
      const config = parsedConfig(configFile);
      if (!config) continue;
      for (const reference of config.projectReferences ?? []) pending.push(typescript.resolveProjectReferencePath(reference));
      // A solution-style config (`"files": []` plus references) has no files of its own: its references are projects.
      if (config.fileNames.length === 0) continue;
      projects.push({ configFile, options: config.options, rootFiles: config.fileNames.map((file) => path.resolve(file)), references: config.projectReferences });
    }
  };
  load(discoverFiles({ cwd, paths: [cwd], include: [], exclude: [], accept: (file) => CONFIG_NAMES.has(path.basename(file)) }).files.map((file) => file.absolutePath));
  // A run started in a subfolder still reads its files with the config above them, up to the repository's top.
  const claimed = new Set(projects.flatMap((project) => project.rootFiles));
  const above = new Set(files.filter((file) => CODE.test(file) && !claimed.has(file)).map((file) => configAbove(path.dirname(file), root, fsCache)));
  load([...above].filter((configFile): configFile is string => configFile !== undefined));

  // Deepest config first: a file a package's config and the repository's root config both take in is the package's.
  projects.sort((a, b) => b.configFile!.split(path.sep).length - a.configFile!.split(path.sep).length);
  referencePackages(projects, packages);
  const ownerOf = new Map<string, ProjectSpec>();
  for (const project of projects) for (const file of project.rootFiles) if (!ownerOf.has(file)) ownerOf.set(file, project);
  const loose = files.filter((file) => CODE.test(file) && !ownerOf.has(file));
  let inferred: ProjectSpec = { options: inferredOptions(typescript), rootFiles: loose, references: packageReferences(projects, packages, undefined) };
  if (loose.length > 0) projects.push(inferred);
  for (const file of loose) ownerOf.set(file, inferred);
  if (mayMention) inferred = narrowRoots(projects, ownerOf, mayMention)(inferred);
  const rootsOf = new Map<ProjectSpec, Set<string>>();
  const holds = (project: ProjectSpec, file: string): boolean => {
    let roots = rootsOf.get(project);
    if (!roots) rootsOf.set(project, (roots = new Set(project.rootFiles)));
    return roots.has(file);
  };

  return {
    root,
    projects,
    packages,
    fsCache,
    fs,
    parsedConfig,
    projectOf(file) {
      let project = ownerOf.get(file);
      if (!project) {
        // A file the run did not discover (asked about all the same) joins the inferred project.
        ownerOf.set(file, (project = inferred));
      }
      if (!holds(project, file)) {
        // Also a file narrowRoots left out (it spells none of the plan's names, yet a site was found in it).
        (project.rootFiles as string[]).push(file);
        rootsOf.get(project)!.add(file);
        if (!projects.includes(project)) projects.push(project);
      }
      return project;
    },
  };
}
