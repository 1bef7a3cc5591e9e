import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DiscoveredFile } from '../discover/discover.js';
import { createMatcher } from '../words/index.js';
import { readCandidates, type CandidateFile } from './read-candidates.js';
import { analyzeCandidates, mergeResults, type ScanSettings, type ShardResult } from './shard.js';

/** Below this many files a second thread costs more than it saves. */
const WORKER_THRESHOLD = 2000;
/** Candidates travel to the worker in batches: one message per file would cost more than it overlaps. */
const BATCH = 8;
const WORKER_FILE = fileURLToPath(new URL('./shard-worker.js', import.meta.url));

/** A worker thread started early, so that its start-up and parser loading overlap with discovery and reading. */
export interface ScanWorker {
  send(candidates: CandidateFile[]): void;
  finish(): Promise<ShardResult>;
  cancel(): void;
}

/**
 * Starts the analysis worker, or returns undefined when a scan stays on one thread: from TypeScript sources (tests),
 * or with RENAMER_THREADS=1 (for measurements).
 */
export function startScanWorker(settings: ScanSettings): ScanWorker | undefined {
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
    send: (candidates) => worker.postMessage({ candidates }),
    finish() {
      worker.postMessage({ end: true });
      return result;
    },
    cancel() {
      void worker.terminate();
    },
  };
}

/**
 * Reads and prefilters every file on the main thread (system calls do not get faster on a second thread here), and
 * on large trees streams the candidates to the worker, which parses them while reading goes on. Results keep file order.
 */
export async function scanFiles(
  files: readonly DiscoveredFile[],
  settings: ScanSettings,
  worker: ScanWorker | undefined,
  onProgress?: (done: number, total: number) => void,
): Promise<ShardResult> {
  const total = files.length;
  const progress = onProgress && ((done: number) => onProgress(done, total));
  const matcher = createMatcher(settings.renames);
  if (!worker || total < WORKER_THRESHOLD) {
    worker?.cancel();
    const read = await readCandidates(files, matcher, settings.maxFileSize, progress);
    const analyzed = await analyzeCandidates(read.candidates, settings);
    return mergeResults([{ references: [], conflicts: [], errors: read.errors, skipped: read.skipped, sources: [] }, analyzed]);
  }
  // Measured: handing every candidate to the worker beats keeping a share on the main thread, which would pay for
  // loading its own parser once reading ends.
  let batch: CandidateFile[] = [];
  const read = await readCandidates(files, matcher, settings.maxFileSize, progress, (candidate) => {
    batch.push(candidate);
    if (batch.length === BATCH) {
      worker.send(batch);
      batch = [];
    }
  });
  if (batch.length > 0) worker.send(batch);
  const analyzed = await worker.finish();
  return mergeResults([{ references: [], conflicts: [], errors: read.errors, skipped: read.skipped, sources: [] }, analyzed]);
}
