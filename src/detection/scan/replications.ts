import { CylinderScanner, type WindowSettings } from './cylinder-scan.js';
import { permutedCaseDays } from './permutation.js';
import type { ScanCircles } from './scan-circles.js';
import type { ScanStudy } from './scan-study.js';

/** What a thread needs to run replications: plain data, so it can be sent to a worker. */
export interface ReplicationTask {
  readonly study: ScanStudy;
  readonly circles: ScanCircles;
  readonly settings: WindowSettings;
  readonly seed: number;
}

/** Runs replications from..to-1 in this thread; returns each one's largest log likelihood ratio. */
export function runReplicationRange(task: ReplicationTask, from: number, to: number): Float64Array {
  const scanner = new CylinderScanner(task.study, task.circles, task.settings);
  const days = new Int32Array(task.study.totalCases);
  const out = new Float64Array(to - from);
  for (let r = from; r < to; r++) {
    out[r - from] = scanner.maxLlr(permutedCaseDays(task.study, task.seed, r + 1, days));
  }
  return out;
}
