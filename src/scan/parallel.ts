import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { scanShard, type ShardResult, type ShardTask } from './shard.js';

/** Below this many files a second thread costs more than it saves. */
const WORKER_THRESHOLD = 2000;
/** Share of the files the worker takes; it has warmed up by the time discovery ends. */
const WORKER_SHARE = 0.45;
const WORKER_FILE = fileURLToPath(new URL('./shard-worker.js', import.meta.url));

type Settings = Omit<ShardTask, 'files'>;

/** A worker thread started early, so that its start-up and parser loading overlap with file discovery. */
export interface ScanWorker {
  run(files: ShardTask['files']): Promise<ShardResult>;
  cancel(): void;
}

/**
 * Starts a scan worker, or returns undefined when scanning stays on one thread: from TypeScript sources (tests),
 * or with RENAMER_THREADS=1 (for measurements).
 */
export function startScanWorker(settings: Settings): ScanWorker | undefined {
  if (process.env.RENAMER_THREADS === '1' || !existsSync(WORKER_FILE)) return undefined;
  const worker = new Worker(WORKER_FILE, { workerData: settings });
  const result = new Promise<ShardResult>((resolve, reject) => {
    worker.once('message', (message: { result?: ShardResult; error?: string }) => {
      if (message.result) resolve(message.result);
      else reject(new Error(`scan worker failed: ${message.error}`));
      void worker.terminate();
    });
    worker.once('error', reject);
  });
  return {
    run(files) {
      worker.postMessage({ files });
      return result;
    },
    cancel() {
      void worker.terminate();
    },
  };
}

/**
 * Scans the files on both cores when the tree is large: reading, prefiltering and parsing dominate a scan, and
 * each file is independent. Results are concatenated in file order.
 */
export async function scanFiles(
  task: ShardTask,
  worker: ScanWorker | undefined,
  onProgress?: (done: number, total: number) => void,
): Promise<ShardResult> {
  const total = task.files.length;
  const progress = onProgress && ((done: number) => onProgress(done, total));
  if (!worker || total < WORKER_THRESHOLD) {
    worker?.cancel();
    return scanShard(task, progress);
  }
  const split = Math.floor(total * (1 - WORKER_SHARE));
  const remote = worker.run(task.files.slice(split));
  const local = await scanShard({ ...task, files: task.files.slice(0, split) }, progress);
  const other = await remote;
  return {
    references: local.references.concat(other.references),
    conflicts: local.conflicts.concat(other.conflicts),
    errors: local.errors.concat(other.errors),
    skipped: local.skipped.concat(other.skipped),
    sources: local.sources.concat(other.sources),
  };
}
