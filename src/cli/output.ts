import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import type { CommandIO } from './io.js';

/** Writes a report to --output FILE, or to stdout. */
export function emit(io: CommandIO, text: string, output?: string): void {
  if (!output) {
    io.stdout(text);
    return;
  }
  const file = path.resolve(io.cwd, output);
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new InputError(`--output: cannot write ${output} (${(error as NodeJS.ErrnoException).code})`, { cause: error });
  }
}

/** A progress line on stderr, shown only on a terminal and only once a run has taken a while. */
export function progressReporter(io: CommandIO, label: string): { update: (done: number, total: number, unit?: string) => void; done: () => void } {
  const stderrIsTTY = Boolean(process.stderr.isTTY);
  if (!io.isTTY || !stderrIsTTY) return { update: () => {}, done: () => {} };
  const started = Date.now();
  let shown = false;
  return {
    update(done, total, unit = 'files') {
      if (Date.now() - started < 400) return;
      shown = true;
      io.stderr(`\r${label} ${done}/${total} ${unit}…`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[K');
      shown = false;
    },
  };
}
