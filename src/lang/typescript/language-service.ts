import path from 'node:path';
import type ts from 'typescript';
import { hasNoExtension, scriptLanguageOf } from '../script-language.js';
import type { ProjectSpec, Workspace } from './workspace.js';

/** What every project's language service shares: parsed files (one DocumentRegistry) and file texts. */
export interface SharedHost {
  readonly typescript: typeof ts;
  readonly cwd: string;
  readonly workspace: Workspace;
  readonly registry: ts.DocumentRegistry;
  readonly snapshot: (file: string) => ts.IScriptSnapshot | undefined;
}

export function createSharedHost(typescript: typeof ts, cwd: string, workspace: Workspace, textOf: (file: string) => string | undefined): SharedHost {
  const snapshots = new Map<string, ts.IScriptSnapshot | undefined>();
  return {
    typescript,
    cwd,
    workspace,
    // JSDoc of TypeScript files is prose to this engine; JavaScript files keep theirs, which carries their types.
    registry: typescript.createDocumentRegistry(typescript.sys.useCaseSensitiveFileNames, cwd, typescript.JSDocParsingMode.ParseForTypeInfo),
    snapshot(file) {
      if (!snapshots.has(file)) {
        // The scan's text where it read the file, so offsets agree with its sites; disk (BOM dropped) for the rest.
        const text = textOf(file) ?? typescript.sys.readFile(file);
        snapshots.set(file, text === undefined ? undefined : typescript.ScriptSnapshot.fromString(text));
      }
      return snapshots.get(file);
    },
  };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const IDENTIFIERS = /[A-Za-z_$][\w$]*/g;

/** One project's language service, built on first use, as tsserver keeps one per project. */
export class ProjectService {
  private service: ts.LanguageService | undefined;
  private roots: ReadonlySet<string> | undefined;
  private identifiers: ReadonlySet<string> | undefined;

  constructor(
    readonly spec: ProjectSpec,
    private readonly shared: SharedHost,
  ) {}

  get languageService(): ts.LanguageService {
    return (this.service ??= this.create());
  }

  program(): ts.Program {
    const program = this.languageService.getProgram();
    if (!program) throw new Error(`TypeScript built no program for ${this.spec.configFile ?? 'the inferred project'}`);
    return program;
  }

  /** Whether the file is in this project's program; answered from the root files while no program is built. */
  contains(file: string): boolean {
    if ((this.roots ??= new Set(this.spec.rootFiles)).has(file)) return true;
    return this.program().getSourceFile(file) !== undefined;
  }

  /**
   * Whether a root file spells `name`. A project can hold a reference to a symbol only in a file that spells its
   * name; a file it merely imports is another project's root (or a loose file of the inferred project), and that
   * project is asked for itself. Far cheaper than asking TypeScript, which searches the whole program.
   */
  spells(name: string): boolean {
    const bare = name.replace(/^#/, '');
    if (!IDENTIFIER.test(bare)) return this.spec.rootFiles.some((file) => this.textOf(file).includes(bare));
    if (!this.identifiers) {
      const found = new Set<string>();
      for (const file of this.spec.rootFiles) for (const word of this.textOf(file).match(IDENTIFIERS) ?? []) found.add(word);
      this.identifiers = found;
    }
    return this.identifiers.has(bare);
  }

  private textOf(file: string): string {
    const snapshot = this.shared.snapshot(file);
    return snapshot ? snapshot.getText(0, snapshot.getLength()) : '';
  }

  /**
   * Lets go of the service. Its `dispose()` is not called: it only returns parsed files to the DocumentRegistry,
   * which is dropped with the engine anyway, and its bookkeeping throws on files a project reference redirected
   * (seen on langfuse's monorepo).
   */
  dispose(): void {
    this.service = undefined;
    this.identifiers = undefined;
  }

  private create(): ts.LanguageService {
    const { typescript, shared } = { typescript: this.shared.typescript, shared: this.shared };
    const { fs } = shared.workspace;
    const spec = this.spec;
    const host: ts.LanguageServiceHost & { useSourceOfProjectReferenceRedirect(): boolean } = {
      getCompilationSettings: () => spec.options,
      // The inferred project may gain a root file after its service is built; its length is its version.
      getProjectVersion: () => String(spec.rootFiles.length),
      getScriptFileNames: () => spec.rootFiles as string[],
      // Texts never change during a run, so every file has one version and programs are built once.
      getScriptVersion: () => '1',
      getScriptSnapshot: shared.snapshot,
      // A Node script without an extension is JavaScript (TypeScript would read it as TypeScript, where `require`
      // binds nothing); Unknown leaves the extension to decide.
      getScriptKind: (file) => (hasNoExtension(file) && scriptLanguageOf(file) === 'javascript' ? typescript.ScriptKind.JS : typescript.ScriptKind.Unknown),
      getProjectReferences: () => spec.references,
      getParsedCommandLine: shared.workspace.parsedConfig,
      // Imports of a referenced project read its sources, not its (maybe unbuilt) .d.ts output, as in tsserver.
      useSourceOfProjectReferenceRedirect: () => true,
      getCurrentDirectory: () => (spec.configFile ? path.dirname(spec.configFile) : shared.cwd),
      getDefaultLibFileName: (options) => typescript.getDefaultLibFilePath(options),
      useCaseSensitiveFileNames: () => typescript.sys.useCaseSensitiveFileNames,
      fileExists: fs.fileExists,
      directoryExists: fs.directoryExists,
      readFile: (file) => fs.readFile(file),
      readDirectory: typescript.sys.readDirectory,
      getDirectories: typescript.sys.getDirectories,
      // Symlinked workspace packages resolve to their real folder, where they are the project's own files.
      realpath: fs.realpath,
      jsDocParsingMode: typescript.JSDocParsingMode.ParseForTypeInfo,
    };
    return typescript.createLanguageService(host, shared.registry);
  }
}
