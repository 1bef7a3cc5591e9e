/**
 * Worker-thread entry (see src/scan/parallel.ts). The worker starts before discovery, warms up its parser while
 * the main thread lists files, then scans the share of files it is sent and posts the result back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DiscoveredFile } from '../discover/discover.js';
import { loadAnalyzer } from '../lang/registry.js';
import { scanShard, type ShardTask } from './shard.js';

type Request = { files: DiscoveredFile[] } | { cancel: true };

if (parentPort) {
  const port = parentPort;
  const task = workerData as Omit<ShardTask, 'files'>;
  // Most trees renamer scans are TypeScript; loading the grammar now overlaps with the main thread's discovery.
  const warm = loadAnalyzer('typescript').catch(() => undefined);
  port.once('message', (request: Request) => {
    if ('cancel' in request) {
      port.close();
      return;
    }
    warm
      .then(() => scanShard({ ...task, files: request.files }))
      .then(
        (result) => port.postMessage({ result }),
        (error: unknown) => port.postMessage({ error: (error as Error).stack ?? String(error) }),
      );
  });
}
