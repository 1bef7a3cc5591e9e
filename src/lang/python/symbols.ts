import path from 'node:path';
import type { Binding, EngineContext, SiteQuery, SymbolEngine } from '../../symbols/model.js';
import { loadParser, type Tree } from '../tree-sitter.js';
import { chooseInterpreter, probeInterpreter } from './interpreter.js';
import { PyrightQueries } from './pyright-queries.js';
import { type PyrightServer, startPyright } from './pyright-server.js';
import { linkHierarchy } from './symbols-hierarchy.js';
import { OwnerRules } from './symbols-owner.js';
import type { BindState } from './symbols-resolve.js';
import { bindSite } from './symbols-sites.js';
import { type SiteContext, siteContext } from './symbols-syntax.js';
import { SymbolRecord, SymbolTable } from './symbols-table.js';
import { FileTexts } from './symbols-texts.js';

export interface PythonEngineOptions {
  /** The environment the interpreter is chosen from (`VIRTUAL_ENV`, PATH); the process's by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** The interpreter whose packages pyright sees, instead of choosing one (interpreter.ts). */
  readonly pythonPath?: string;
  /** More import roots, owned as dependencies (python.analysis.extraPaths). */
  readonly extraPaths?: readonly string[];
  /** Per request; a request that takes longer binds its site to `unknown`. */
  readonly timeoutMs?: number;
  /** For pyright to list the workspace's files, before the first request. */
  readonly readyTimeoutMs?: number;
}

/** What a run cost, for bench/ and reports: pyright's start, requests made, the server's peak memory. */
export interface PythonEngineStats {
  readonly interpreter?: string;
  /** The server's process id while it runs. */
  readonly pid?: number;
  readonly startMs?: number;
  readonly requests: number;
  readonly peakMemoryKb?: number;
  readonly cpuMs?: number;
}

export interface PythonSymbolEngine extends SymbolEngine {
  stats(): PythonEngineStats;
}

interface Running {
  readonly interpreter: string;
  readonly startMs: number;
  readonly server: PyrightServer;
  readonly queries: PyrightQueries;
  readonly owners: OwnerRules;
}

const PYTHON_FILE = /\.pyi?$/;

/**
 * pyright's workspace: the run's cwd, or the folder holding it and every Python file of the run when paths
 * outside it were given (`renamer apply ../service`); only files inside the workspace are user code to pyright.
 */
function workspaceRoot(context: EngineContext): string {
  let root = path.resolve(context.cwd);
  for (const file of context.files) {
    if (!PYTHON_FILE.test(file)) continue;
    while (path.relative(root, file).startsWith('..') && path.dirname(root) !== root) root = path.dirname(root);
  }
  return root;
}

/** Comments, and strings that are neither keys nor handed to a call, are free text: no request is needed. */
function needsEngine(syntax: SiteContext): boolean {
  if (syntax.type !== 'string') return syntax.type !== 'other';
  return syntax.argumentOf !== undefined || (syntax.name !== undefined && (syntax.dictKey === true || syntax.subscriptOf !== undefined));
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The Python engine: one pyright language server per run (ARCHITECTURE.md), started on the first site that needs
 * it. Comments and free strings are answered from syntax alone, so a run whose sites are all prose starts nothing.
 *
 * pyright (1.1.414, pinned by test/lang/python/symbols-ties.test.ts) ties keywords to parameters, dataclass and
 * pydantic keywords to fields, and accesses to the member of the right class. The adapter adds what it leaves
 * apart: overrides and subclass redeclarations (symbols-hierarchy.ts), keywords a `**kwargs` constructor takes as
 * class fields (symbols-callees.ts), getattr-family names and `**` dict keys (symbols-sites.ts), and owners.
 */
export async function createPythonEngine(context: EngineContext, options: PythonEngineOptions = {}): Promise<PythonSymbolEngine> {
  const env = options.env ?? process.env;
  const root = workspaceRoot(context);
  const texts = new FileTexts(context.textOf);
  let running: Promise<Running> | undefined;
  let disposed = false;

  let settled: Running | undefined;
  const start = async (): Promise<Running> => {
    const began = performance.now();
    const chosen = options.pythonPath
      ? { executable: options.pythonPath, source: 'pythonPath option' }
      : chooseInterpreter(root, context.files, env);
    const probing = probeInterpreter(chosen.executable, chosen.source, env);
    // Only a bare `python3` on PATH needs the probe to name the binary pyright runs; any other choice is a path
    // already, and pyright starts while the probe runs (each takes a few hundred milliseconds).
    const pythonPath = chosen.source === 'python3 on PATH' ? ((await probing)?.executable ?? chosen.executable) : chosen.executable;
    const extraPaths = (options.extraPaths ?? []).map((p) => path.resolve(root, p));
    const [interpreter, server] = await Promise.all([
      probing,
      startPyright({
        root,
        pythonPath,
        extraPaths,
        timeoutMs: options.timeoutMs ?? 60_000,
        readyTimeoutMs: options.readyTimeoutMs ?? 120_000,
        env,
      }),
    ]);
    if (disposed) await server.dispose();
    const owners = new OwnerRules(root, new Set(context.files.map((file) => path.resolve(file))), interpreter, extraPaths);
    settled = {
      server,
      queries: new PyrightQueries(server.client, texts),
      owners,
      interpreter: `${interpreter?.executable ?? chosen.executable} (${chosen.source})`,
      startMs: Math.round(performance.now() - began),
    };
    return settled;
  };

  return {
    async bind(sites: readonly SiteQuery[], onProgress?: (done: number, total: number) => void): Promise<Binding[]> {
      const parser = await loadParser('python');
      const trees = new Map<string, Tree | null>();
      const table = new SymbolTable();
      const tree = (file: string): Tree | undefined => {
        if (!trees.has(file)) {
          const text = texts.text(file);
          trees.set(file, text === undefined ? null : parser.parse(text));
        }
        return trees.get(file) ?? undefined;
      };
      const answers: (SymbolRecord | Binding)[] = [];
      try {
        for (const [index, site] of sites.entries()) {
          answers.push(await answer(site));
          onProgress?.(index + 1, sites.length);
        }
      } finally {
        for (const held of trees.values()) held?.delete();
        parser.delete();
      }
      // A site answered from syntax may lie inside a symbol found later (an `__all__` entry, a TypedDict key).
      for (const [index, answer] of answers.entries()) {
        const site = sites[index]!;
        if (answer instanceof SymbolRecord || answer.kind !== 'unbound') continue;
        answers[index] = table.covering(site.file, site.start, site.end) ?? answer;
      }
      const materialized = new Map<SymbolRecord, Binding>();
      return answers.map((answer) => (answer instanceof SymbolRecord ? table.materialize(answer, materialized) : answer));

      async function answer(site: SiteQuery): Promise<SymbolRecord | Binding> {
        if (!PYTHON_FILE.test(site.file)) return { kind: 'unknown', reason: 'pyright reads only .py and .pyi files' };
        const covering = table.covering(site.file, site.start, site.end);
        if (covering) return covering;
        const parsed = tree(site.file);
        if (!parsed) return { kind: 'unknown', reason: 'the file cannot be read' };
        const syntax = siteContext(parsed, site.start);
        if (!needsEngine(syntax)) return { kind: 'unbound' };
        let engine: Running;
        try {
          running ??= start();
          engine = await running;
        } catch (error) {
          return { kind: 'unknown', reason: `pyright did not start: ${errorText(error)}` };
        }
        const state: BindState = {
          queries: engine.queries,
          texts,
          owners: engine.owners,
          root,
          table,
          tree,
          linkHierarchy: (record) => linkHierarchy(state, record),
        };
        try {
          return await bindSite(state, site, syntax);
        } catch (error) {
          // A timeout or a crash costs this site (and, after a crash, the ones after it), never the run.
          const tail = engine.server.client.closed ? engine.server.stderrTail() : '';
          return { kind: 'unknown', reason: `pyright failed: ${errorText(error)}${tail ? ` (${tail.split('\n')[0]})` : ''}` };
        }
      }
    },

    warm(): void {
      // A failure to start is reported by bind, on every site that needs the server.
      running ??= start();
      running.catch(() => undefined);
    },

    stats: () => ({
      interpreter: settled?.interpreter,
      pid: settled?.server.pid,
      startMs: settled?.startMs,
      requests: settled?.queries.requests ?? 0,
      ...settled?.server.usage(),
    }),

    async dispose(): Promise<void> {
      disposed = true;
      const engine = await running?.catch(() => undefined);
      await engine?.server.dispose();
    },
  };
}
