import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lsp-client.js';

const require = createRequire(import.meta.url);

export interface PyrightOptions {
  /** The workspace root: pyright enumerates its .py files and reads its pyrightconfig.json / [tool.pyright]. */
  readonly root: string;
  readonly pythonPath: string;
  /** Extra import roots (python.analysis.extraPaths), for packages not on the interpreter's sys.path. */
  readonly extraPaths?: readonly string[];
  readonly timeoutMs: number;
  /** How long to wait for pyright to list the workspace's files before asking anything. */
  readonly readyTimeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** One running pyright-langserver: requests go through `client`; stderr is kept for the report, never printed. */
export interface PyrightServer {
  readonly client: LspClient;
  readonly pid: number | undefined;
  /** The last lines the server wrote on stderr (a crash's stack), for a failure's reason. */
  stderrTail(): string;
  /** Peak resident memory (kB) and CPU time (ms) of the server process, from Linux /proc; for measurements. */
  usage(): { peakMemoryKb?: number; cpuMs?: number };
  dispose(): Promise<void>;
}

const STDERR_KEEP = 4_000;
/**
 * Servers not yet disposed of. Module state on purpose: a run that ends (or throws) without dispose() must not
 * leave servers behind, and one exit hook serves them all. A run killed by a signal skips 'exit' handlers; pyright
 * then exits by itself once the processId given in `initialize` is gone (vscode-languageserver's watchdog).
 */
const live = new Set<() => void>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const kill of live) kill();
  });
}

/**
 * Answers for `workspace/configuration`. pyright reads `python` (pythonPath, and `analysis` inside it) and
 * `pyright`; the project's own pyrightconfig.json or [tool.pyright] still wins over these. Diagnostics are
 * not wanted: type checking off and open files only keep the checker from competing with our requests.
 */
function settings(options: PyrightOptions, section: string | undefined): unknown {
  const analysis = {
    autoSearchPaths: true,
    useLibraryCodeForTypes: true,
    diagnosticMode: 'openFilesOnly',
    typeCheckingMode: 'off',
    extraPaths: options.extraPaths ?? [],
    // Information: the "Found N source files" line is the only sign that the workspace is enumerated.
    logLevel: 'Information',
  };
  if (section === 'python') return { pythonPath: options.pythonPath, analysis };
  if (section === 'python.analysis') return analysis;
  if (section === 'pyright') return { typeCheckingMode: 'off', disableOrganizeImports: true };
  return null;
}

export async function startPyright(options: PyrightOptions): Promise<PyrightServer> {
  // Run the server's JS with our own node: no shell, no .bin shim, the same binary on every platform.
  const child = spawn(process.execPath, [require.resolve('pyright/langserver.index.js'), '--stdio'], {
    cwd: options.root,
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
  });
  const kill = () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  live.add(kill);
  installExitHook();
  child.on('exit', () => live.delete(kill));

  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const client = new LspClient(
    child,
    (method, params) => {
      if (method === 'workspace/configuration') {
        const items = (params as { items?: { section?: string }[] }).items ?? [];
        return items.map((item) => settings(options, item.section));
      }
      return null; // client/registerCapability, window/workDoneProgress/create: accepted, ignored
    },
    options.timeoutMs,
    (method, params) => {
      // Until pyright has enumerated the workspace, it treats the project's files as library code and refuses to
      // rename (prepareRename answers null); its enumerator logs this line when done (sourceEnumerator._finish).
      const message = method === 'window/logMessage' ? (params as { message?: string }).message : undefined;
      if (message && /^(Found \d+ source files?|No source files found)/.test(message)) markReady();
    },
  );
  try {
    await initialize(client, child, options, ready);
  } catch (error) {
    kill();
    const tail = stderr.trim().split('\n').slice(-3).join(' ');
    throw new Error(`${error instanceof Error ? error.message : String(error)}${tail ? `: ${tail}` : ''}`);
  }
  return {
    client,
    pid: child.pid,
    stderrTail: () => stderr.trim().split('\n').slice(-5).join('\n'),
    usage() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        // /proc/<pid>/stat fields 14 and 15: user and system time in clock ticks (100 per second on Linux).
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        const ticks = Number(stat[11]) + Number(stat[12]);
        const peakMemoryKb = Number(/VmHWM:\s*(\d+)/.exec(status)?.[1]) || undefined;
        return { peakMemoryKb, cpuMs: Number.isFinite(ticks) ? ticks * 10 : undefined };
      } catch {
        return {};
      }
    },
    async dispose() {
      if (!client.closed) {
        // A polite shutdown first, so the server can clean its temp files; a kill if it does not answer quickly.
        await client.request('shutdown', null, 2_000).catch(() => undefined);
        client.notify('exit', null);
      }
      client.close('the language server was stopped');
      const running = child.exitCode === null && child.signalCode === null;
      const exited = new Promise<void>((resolve) => (running ? child.once('exit', () => resolve()) : resolve()));
      const timer = setTimeout(kill, 1_000);
      await exited;
      clearTimeout(timer);
      live.delete(kill);
    },
  };
}

/** The LSP handshake, then the wait until pyright has listed the workspace (or gave up, or died). */
async function initialize(client: LspClient, child: ChildProcess, options: PyrightOptions, ready: Promise<void>): Promise<void> {
  const rootUri = pathToFileURL(options.root).href;
  const capabilities = {
    workspace: { configuration: true, workspaceFolders: true },
    textDocument: { rename: { prepareSupport: true }, hover: { contentFormat: ['plaintext'] } },
  };
  const params = { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'renamer' }], capabilities };
  await client.request('initialize', params, options.readyTimeoutMs);
  client.notify('initialized', {});
  let timer: NodeJS.Timeout | undefined;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await Promise.race([ready, gone, new Promise<void>((resolve) => (timer = setTimeout(resolve, options.readyTimeoutMs)))]);
  clearTimeout(timer);
  if (client.closed) throw new Error(client.closed);
}
