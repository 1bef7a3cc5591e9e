/** Worker-thread entry: runs one scan shard and posts its result back (see src/scan/parallel.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { scanShard, type ShardTask } from './shard.js';

if (parentPort) {
  const port = parentPort;
  scanShard(workerData as ShardTask).then(
    (result) => port.postMessage({ result }),
    (error: unknown) => port.postMessage({ error: (error as Error).stack ?? String(error) }),
  );
}
