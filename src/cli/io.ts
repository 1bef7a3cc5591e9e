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

export function processIO(): CommandIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}
