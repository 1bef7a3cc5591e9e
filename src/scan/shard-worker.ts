/**
 * Worker-thread entry (see src/scan/parallel.ts). The worker starts before discovery and loads its parser while
 * the main thread lists and reads files; it analyzes candidate files as they are streamed to it, so that parsing
 * overlaps with reading, and posts the merged result at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadAnalyzer } from '../lang/registry.js';
import type { CandidateFile } from './read-candidates.js';
import { analyzeCandidates, mergeResults, type ScanSettings, type ShardResult } from './shard.js';

type Request = { candidates: CandidateFile[] } | { end: true } | { cancel: true };

if (parentPort) {
  const port = parentPort;
  const settings = workerData as ScanSettings;
  // Most trees renamer scans are TypeScript; loading the grammar now overlaps with the main thread's reading.
  let chain: Promise<unknown> = loadAnalyzer('typescript').catch(() => undefined);
  const parts: ShardResult[] = [];
  port.on('message', (request: Request) => {
    if ('cancel' in request) {
      port.close();
    } else if ('candidates' in request) {
      chain = chain.then(async () => parts.push(await analyzeCandidates(request.candidates, settings)));
    } else {
      chain.then(
        () => port.postMessage({ result: mergeResults(parts) }),
        (error: unknown) => port.postMessage({ error: (error as Error).stack ?? String(error) }),
      );
    }
  });
}
