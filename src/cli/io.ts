/** What a command needs from the process, so that tests can run a command without spawning one. */
export interface CommandIO {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** stdout is a terminal: colour is allowed (unless NO_COLOR / --no-color). */
  readonly isTTY: boolean;
  /** stderr is a terminal: progress is shown there (see showsProgress). Absent means no. */
  readonly stderrIsTTY?: boolean;
}

const PIPE_GUARD = Symbol.for('renamer.closedPipeGuard');

/**
 * A reader that stops early (`renamer check | head`) closes the pipe, and the next write fails with EPIPE, which
 * Node raises as an uncaught error: a stack trace, exit code 1, and a command cut off where it stood (apply between
 * two files). What is left to print has nowhere to go, so it is dropped and the command finishes with its own exit
 * code. Guarded once per stream: bin/renamer.js's replay and the CLI bundle each make a processIO().
 */
function dropWritesToClosedPipe(stream: NodeJS.WriteStream & { [PIPE_GUARD]?: true }): void {
  if (stream[PIPE_GUARD]) return;
  stream[PIPE_GUARD] = true;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

export function processIO(): CommandIO {
  dropWritesToClosedPipe(process.stdout);
  dropWritesToClosedPipe(process.stderr);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}
