import { createRequire } from 'node:module';
import { isUserError } from '../errors.js';
import { MAIN_HELP } from './help.js';
import type { CommandIO } from './io.js';

type Command = (argv: string[], io: CommandIO) => Promise<number>;

// Loaded on demand: `scan` must not pay for pg, PGlite or the TypeScript compiler.
const COMMANDS: Record<string, () => Promise<Command>> = {
  scan: async () => (await import('./scan.js')).runScanCommand,
  check: async () => (await import('./check.js')).runCheckCommand,
  apply: async () => (await import('./apply.js')).runApplyCommand,
  imports: async () => (await import('./imports.js')).runImportsCommand,
  sql: async () => (await import('./sql.js')).runSqlCommand,
  history: async () => (await import('./history.js')).runHistoryCommand,
};

/** Runs one command and returns its exit code: 0 clean, 1 findings, 2 usage or input error (or a crash). */
export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // No command is a usage error: the help goes where errors go.
    io.stderr(MAIN_HELP);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    // `renamer help scan` is `renamer scan --help`.
    if (name === 'help' && rest.length > 0) return main([rest[0], '--help'], io);
    io.stdout(MAIN_HELP);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${(createRequire(import.meta.url)('../../package.json') as { version: string }).version}\n`);
    return 0;
  }
  // Own keys only: `renamer constructor` is an unknown command, not Object.prototype's constructor.
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`renamer: unknown command "${name}" (expected one of ${Object.keys(COMMANDS).join(', ')})\n`);
    return 2;
  }
  try {
    return await (await load())(rest, io);
  } catch (error) {
    if (isUserError(error)) {
      io.stderr(`renamer ${name}: ${error.message}\n`);
      return 2;
    }
    io.stderr(`renamer ${name}: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}

