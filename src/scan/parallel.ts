import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DiscoveredFile } from '../discover/discover.js';
import { createMatcher } from '../words/index.js';
import type { ScanCache } from './cache.js';
import { readCandidates, type CandidateFile } from './read-candidates.js';
import type { WorkerReply, WorkerRequest } from './shard-worker.js';
import { analyzeEach, mergeResults, shardOf, shardTools, type FileResult, type ScanSettings, type ShardResult } from './shard.js';

/** Below this many files a second thread costs more than it saves, unless the candidates are many bytes. */
const WORKER_THRESHOLD = 2000;
/** Candidates of a small tree beyond this many bytes go to workers all the same, once reading is done. */
const LOCAL_BYTES = 1024 * 1024;
/** Candidates travel to a worker in batches of about this many bytes: one message per file would cost more than it overlaps. */
const BATCH_BYTES = 64 * 1024;
const BATCH_FILES = 16;
/**
 * Work waiting beyond this many bytes starts another worker, up to one per core besides the main thread's: only
 * parse-heavy trees on machines with more than two cores get one.
 */
const BACKLOG_BYTES = 512 * 1024;
/** Batches a worker holds at once: one being analyzed and one waiting, so that it never waits for the main thread. */
const IN_FLIGHT = 2;
/** Beside this module, with its extension: shard-worker.js in dist/, shard-worker.cjs in the bundle. */
const WORKER_FILE = fileURLToPath(new URL(`./shard-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url));

/**
 * The analysis threads of one scan. Workers start on demand: the first early (its start-up and parser loading
 * overlap with discovery and reading), more while batches wait, up to one per core besides the main thread. Each
 * takes the next batch when it has room, so a slow file holds up one worker, not the queue.
 */
export class WorkerPool {
  private readonly workers: { worker: Worker; inFlight: number }[] = [];
  private readonly queue: { batch: number; candidates: CandidateFile[]; bytes: number }[] = [];
  private readonly replies = new Map<number, (results: FileResult[]) => void>();
  private readonly failures = new Map<number, (error: Error) => void>();
  private queuedBytes = 0;
  private nextBatch = 0;
  private readonly limit: number;

  constructor(private readonly settings: ScanSettings) {
    // The main thread analyzes too once it has read every file (see takeQueued), so it counts as one of the threads.
    this.limit = Math.max(1, Math.min(2, availableParallelism() - 1));
  }

  /** Whether workers can run here: not from TypeScript sources (tests), nor with RENAMER_THREADS=1 (for measurements). */
  static available(): boolean {
    return process.env.RENAMER_THREADS !== '1' && !WORKER_FILE.endsWith('.ts') && existsSync(WORKER_FILE);
  }

  start(): void {
    const worker = new Worker(WORKER_FILE, { workerData: this.settings });
    const entry = { worker, inFlight: 0 };
    this.workers.push(entry);
    worker.on('message', (reply: WorkerReply) => {
      entry.inFlight--;
      if ('results' in reply) this.replies.get(reply.batch)?.(reply.results as FileResult[]);
      else this.failures.get(reply.batch)?.(new Error(`scan worker failed: ${reply.error}`));
      this.dispatch();
    });
    worker.on('error', (error) => {
      for (const fail of this.failures.values()) fail(error);
    });
    // A worker that stops with batches in hand (killed, out of memory) must not leave the scan waiting forever.
    worker.on('exit', (code) => {
      if (entry.inFlight > 0) for (const fail of this.failures.values()) fail(new Error(`scan worker stopped (exit code ${code})`));
    });
  }

  /** Queues candidates for analysis; the promise holds their findings in order. */
  analyze(candidates: CandidateFile[]): Promise<FileResult[]> {
    const batch = this.nextBatch++;
    const bytes = candidates.reduce((sum, candidate) => sum + candidate.text.length, 0);
    const done = new Promise<FileResult[]>((resolve, reject) => {
      this.replies.set(batch, resolve);
      this.failures.set(batch, reject);
    }).finally(() => {
      this.replies.delete(batch);
      this.failures.delete(batch);
    });
    this.queue.push({ batch, candidates, bytes });
    this.queuedBytes += bytes;
    if (this.workers.length === 0 || (this.queuedBytes > BACKLOG_BYTES && this.workers.length < this.limit)) this.start();
    this.dispatch();
    return done;
  }

  private dispatch(): void {
    for (;;) {
      const next = this.queue[0];
      const free = this.workers.filter((entry) => entry.inFlight < IN_FLIGHT).sort((a, b) => a.inFlight - b.inFlight)[0];
      if (!next || !free) return;
      this.queue.shift();
      this.queuedBytes -= next.bytes;
      free.inFlight++;
      free.worker.postMessage({ batch: next.batch, candidates: next.candidates } satisfies WorkerRequest);
    }
  }

  /**
   * Takes the newest batch no worker has started, for the main thread to analyze itself (workers keep taking the
   * oldest). Once reading is done the main thread would otherwise wait idle while the workers work through the
   * queue; on two cores it replaces a second worker, whose start-up costs ~150 ms of CPU (Node's bootstrap, the
   * modules and the grammars compiled again in a new isolate). moto, `--from region_name`, 874 files: 3.66 → 3.43 s.
   */
  takeQueued(): { candidates: CandidateFile[]; done: (results: FileResult[]) => void; failed: (error: Error) => void } | undefined {
    const next = this.queue.pop();
    if (!next) return undefined;
    this.queuedBytes -= next.bytes;
    return { candidates: next.candidates, done: this.replies.get(next.batch)!, failed: this.failures.get(next.batch)! };
  }

  /** Stops every worker; batches queued later start new ones. */
  close(): void {
    for (const { worker } of this.workers.splice(0)) void worker.terminate();
  }
}

/** The main thread's share of the analysis once reading is done: queued batches, newest first, until none wait. */
async function helpWithQueue(pool: WorkerPool, settings: ScanSettings): Promise<void> {
  const tools = shardTools(settings);
  for (let taken = pool.takeQueued(); taken; taken = pool.takeQueued()) {
    try {
      const results: FileResult[] = [];
      for (const candidate of taken.candidates) {
        results.push(...(await analyzeEach([candidate], settings, tools)));
        // Worker replies come in between files, and each reply hands its worker the next queued batch: a worker
        // must never wait for this thread to finish a batch (measured: it did, 200-350 ms per run on moto).
        await new Promise((resolve) => setImmediate(resolve));
      }
      taken.done(results);
    } catch (error) {
      taken.failed(error as Error);
    }
  }
}

/**
 * Reads and prefilters every file on the main thread (system calls do not get faster on a second thread here).
 * Each candidate's findings come from the cache when it holds them; the rest are analyzed on worker threads on
 * large trees (streamed while reading goes on) or on this thread. Results keep file order; new ones are cached.
 */
export async function scanFiles(
  files: readonly DiscoveredFile[],
  settings: ScanSettings,
  pool: WorkerPool | undefined,
  onProgress?: (done: number, total: number) => void,
  cache?: ScanCache,
): Promise<ShardResult> {
  const total = files.length;
  const progress = onProgress && ((done: number) => onProgress(done, total));
  const matcher = createMatcher(settings.renames);
  const parallel = pool !== undefined && total >= WORKER_THRESHOLD;
  // A small tree is read and mostly analyzed here: the worker started early would only compete for the cores.
  if (!parallel) pool?.close();
  const found: CandidateFile[] = [];
  const results: FileResult[] = [];
  /** Per candidate, the cache key its findings go under once analyzed (none for a hit). */
  const misses: { index: number; key?: string }[] = [];
  const pending: Promise<void>[] = [];
  let batch: number[] = [];
  let batchBytes = 0;
  const send = () => {
    if (batch.length === 0) return;
    const indices = batch;
    pending.push(pool!.analyze(indices.map((index) => found[index])).then((analyzed) => indices.forEach((index, k) => (results[index] = analyzed[k]))));
    batch = [];
    batchBytes = 0;
  };
  const enqueue = (index: number) => {
    batch.push(index);
    batchBytes += found[index].text.length;
    if (batch.length === BATCH_FILES || batchBytes >= BATCH_BYTES) send();
  };
  try {
    const read = await readCandidates(files, matcher, settings.maxFileSize, {
      onProgress: progress,
      onCandidate: (candidate) => {
        const index = found.length;
        found.push(candidate);
        const key = cache?.keyOf(candidate);
        const hit = key === undefined ? undefined : cache!.get(key);
        if (hit) {
          results[index] = hit;
          return;
        }
        misses.push({ index, key });
        if (parallel) enqueue(index);
      },
      // While reading, free workers take the next batch only when this thread lets their replies in.
      yieldEvery: parallel ? 256 : 0,
      quiet: cache?.quietFiles,
    });
    send();
    const missedBytes = parallel ? 0 : misses.reduce((sum, { index }) => sum + found[index].text.length, 0);
    if (!parallel && pool && missedBytes > LOCAL_BYTES) {
      // A small tree with much to parse (a few hundred large files): worth the workers' start-up after all.
      for (const { index } of misses) enqueue(index);
      send();
    } else if (!parallel && misses.length > 0) {
      const analyzed = await analyzeEach(misses.map(({ index }) => found[index]), settings);
      misses.forEach(({ index }, k) => (results[index] = analyzed[k]));
    }
    if (pool) await helpWithQueue(pool, settings);
    await Promise.all(pending);
    if (cache) for (const { index, key } of misses) if (key !== undefined) cache.put(key, results[index]);
    return mergeResults([{ references: [], conflicts: [], errors: read.errors, skipped: read.skipped, sources: [] }, shardOf(found, results)]);
  } finally {
    // On an early exit the batches still out are moot: their failures must not surface as unhandled.
    for (const batchDone of pending) batchDone.catch(() => undefined);
    pool?.close();
  }
}
