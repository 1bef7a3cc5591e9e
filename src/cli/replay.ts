import { replayRunRecord } from '../check/run-record.js';
import { processIO, type CommandIO } from './io.js';

/**
 * What bin/renamer.js asks before it loads the CLI: a `check` whose run record stands (src/check/run-record.ts) is
 * answered from it, printed as the recorded run printed it, with its exit code. Undefined: run the command.
 */
export function replay(argv: readonly string[], io: CommandIO = processIO()): number | undefined {
  if (argv[0] !== 'check') return undefined;
  const outcome = replayRunRecord({ argv, cwd: io.cwd, env: io.env, isTTY: io.isTTY, stderrIsTTY: io.stderrIsTTY });
  if (!outcome) return undefined;
  if (outcome.stdout) io.stdout(outcome.stdout);
  if (outcome.stderr) io.stderr(outcome.stderr);
  return outcome.code;
}
