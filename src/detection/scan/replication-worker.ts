/**
 * A worker thread of the Monte Carlo replications: it receives the task once, then ranges of
 * replication numbers, and answers each range with its largest log likelihood ratios.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ReplicationTask, runReplicationRange } from './replications.js';

const task = workerData as ReplicationTask;
parentPort?.on('message', (range: { from: number; to: number }) => {
  const llrs = runReplicationRange(task, range.from, range.to);
  parentPort?.postMessage({ from: range.from, llrs }, [llrs.buffer as ArrayBuffer]);
});
