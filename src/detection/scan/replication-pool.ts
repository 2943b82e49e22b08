import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type ReplicationTask, runReplicationRange } from './replications.js';

/** Replications handed to a worker at a time: small enough to balance two busy cores, large enough to be cheap. */
const CHUNK = 8;

/**
 * Runs `count` replications on up to `threads` worker threads (one per core by default), handing out
 * small ranges as threads come free, so a core slowed by other work takes fewer. The results do not
 * depend on the number of threads: replication r always permutes with stream r of the seed.
 */
export async function runReplications(
  task: ReplicationTask,
  count: number,
  options: { threads?: number; onProgress?: (done: number) => void } = {},
): Promise<Float64Array> {
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.ceil(count / CHUNK)));
  if (count === 0) return new Float64Array(0);
  if (threads === 1) {
    const out = new Float64Array(count);
    for (let from = 0; from < count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK);
      out.set(runReplicationRange(task, from, to), from);
      options.onProgress?.(to);
      // Let the event loop breathe between chunks (progress output, signals).
      await new Promise((resolve) => setImmediate(resolve));
    }
    return out;
  }
  const out = new Float64Array(count);
  let next = 0;
  let done = 0;
  const workers = Array.from(
    { length: threads },
    () => new Worker(new URL('./replication-worker.js', import.meta.url), { workerData: task }),
  );
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const handOut = () => {
              if (next >= count) {
                resolve();
                return;
              }
              const from = next;
              next = Math.min(count, next + CHUNK);
              worker.postMessage({ from, to: next });
            };
            worker.on('message', (message: { from: number; llrs: Float64Array }) => {
              out.set(message.llrs, message.from);
              done += message.llrs.length;
              options.onProgress?.(done);
              handOut();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`a replication worker exited with code ${code}`));
            });
            handOut();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return out;
}
