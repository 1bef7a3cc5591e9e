import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { scanShard, type ShardResult, type ShardTask } from './shard.js';

/** Below this many files a second thread costs more to start (~60 ms) than it saves. */
const WORKER_THRESHOLD = 2000;
/** The worker starts late and loads its own parsers, so it takes the smaller share. */
const WORKER_SHARE = 0.42;
const WORKER_FILE = fileURLToPath(new URL('./shard-worker.js', import.meta.url));

function runInWorker(task: ShardTask): Promise<ShardResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: task });
    worker.once('message', (message: { result?: ShardResult; error?: string }) => {
      if (message.result) resolve(message.result);
      else reject(new Error(`scan worker failed: ${message.error}`));
    });
    worker.once('error', reject);
  });
}

/**
 * Scans the files on both cores of the machine when the tree is large: reading, prefiltering and parsing
 * dominate a scan, and each file is independent. Results are concatenated in file order.
 */
export async function scanFiles(task: ShardTask, onProgress?: (done: number, total: number) => void): Promise<ShardResult> {
  const total = task.files.length;
  // The worker runs compiled JavaScript; from TypeScript sources (tests) everything stays on one thread.
  if (total < WORKER_THRESHOLD || !existsSync(WORKER_FILE)) return scanShard(task, onProgress && ((done) => onProgress(done, total)));
  const split = Math.floor(total * (1 - WORKER_SHARE));
  const remote = runInWorker({ ...task, files: task.files.slice(split) });
  const local = await scanShard({ ...task, files: task.files.slice(0, split) }, onProgress && ((done) => onProgress(done, total)));
  const other = await remote;
  return {
    references: local.references.concat(other.references),
    conflicts: local.conflicts.concat(other.conflicts),
    errors: local.errors.concat(other.errors),
    skipped: local.skipped.concat(other.skipped),
    sources: local.sources.concat(other.sources),
  };
}
