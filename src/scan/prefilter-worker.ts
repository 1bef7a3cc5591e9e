/**
 * Runs in a worker thread: reads its share of the files and answers which of them may hold a match.
 * It imports nothing from the project so that it starts in a few milliseconds.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

export interface PrefilterTask {
  readonly paths: readonly string[];
  readonly needles: readonly Uint8Array[];
  readonly maxFileSize: number;
}

/** Per file: 1 candidate, 0 no candidate, a negative number the size of a file over the limit, a string an error code. */
export type PrefilterVerdict = 0 | 1 | number | string;

function run(task: PrefilterTask): PrefilterVerdict[] {
  const needles = task.needles.map((needle) => Buffer.from(needle.buffer, needle.byteOffset, needle.byteLength));
  let scratch = Buffer.allocUnsafe(256 * 1024);
  const verdicts: PrefilterVerdict[] = [];
  for (const file of task.paths) {
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
      const { size } = fstatSync(fd);
      if (size > task.maxFileSize) {
        verdicts.push(-size);
        continue;
      }
      if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
      let filled = 0;
      while (filled < size) {
        const count = readSync(fd, scratch, filled, size - filled, null);
        if (count === 0) break;
        filled += count;
      }
      const content = scratch.subarray(0, filled);
      verdicts.push(needles.some((needle) => content.indexOf(needle) !== -1) ? 1 : 0);
    } catch (error) {
      verdicts.push((error as NodeJS.ErrnoException).code ?? String(error));
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  return verdicts;
}

if (parentPort) parentPort.postMessage(run(workerData as PrefilterTask));
