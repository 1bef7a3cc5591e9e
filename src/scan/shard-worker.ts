/**
 * Worker-thread entry (see src/scan/parallel.ts). A worker starts while the main thread lists and reads files and
 * loads its parser meanwhile; it analyzes each batch of candidates it is sent and posts the batch's findings back,
 * so that the main thread can hand the next batch to whichever worker is free.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadAnalyzer } from '../lang/registry.js';
import type { CandidateFile } from './read-candidates.js';
import { analyzeEach, shardTools, type ScanSettings } from './shard.js';

export type WorkerRequest = { readonly batch: number; readonly candidates: CandidateFile[] } | { readonly end: true };
export type WorkerReply = { readonly batch: number; readonly results: unknown[] } | { readonly batch: number; readonly error: string };

if (parentPort) {
  const port = parentPort;
  const settings = workerData as ScanSettings;
  const tools = shardTools(settings);
  // Most trees renamer scans are TypeScript; loading the grammar now overlaps with the main thread's reading.
  let chain: Promise<unknown> = loadAnalyzer('typescript').then(
    (analyzer) => tools.analyzers.set('typescript', analyzer),
    () => undefined,
  );
  port.on('message', (request: WorkerRequest) => {
    if ('end' in request) {
      port.close();
      return;
    }
    const { batch, candidates } = request;
    chain = chain.then(async () => {
      try {
        port.postMessage({ batch, results: await analyzeEach(candidates, settings, tools) } satisfies WorkerReply);
      } catch (error) {
        port.postMessage({ batch, error: (error as Error).stack ?? String(error) } satisfies WorkerReply);
      }
    });
  });
}
