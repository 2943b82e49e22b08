/**
 * Cross-source linkage of generated EMS, police, ED and ME reports with known truth, in memory: the
 * candidate pairs, the model estimated by EM (u from decoy pairs), every pair scored and the overdoses
 * clustered, timed stage by stage, with pairwise precision and recall (see docs/benchmarks.md,
 * "Cross-source linkage").
 * Run: npx tsc -p tsconfig.json && node dist/bench/event-linkage.bench.js [--reports N] [--seed S] [--per-day D]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateLinkedEvents } from '../src/demo/generator/linked-events.js';
import { findCandidatePairs } from '../src/linkage/candidate-pairs.js';
import {
  AUTO_LINK_PROBABILITY,
  clusterEvents,
  compareCandidatePairs,
  estimateEventModel,
  REVIEW_PROBABILITY,
  scoreMatrix,
} from '../src/linkage/event-linkage.js';
import { pairwiseQuality } from '../src/linkage/fellegi-sunter/pairwise-quality.js';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    'per-day': { type: 'string', default: '40' },
  },
});
const wanted = Number(values.reports);
// About 1.97 reports an event: generate a few more events than needed and keep the count asked for.
const generating = performance.now();
const reports = generateLinkedEvents({
  events: Math.ceil(wanted / 1.9),
  seed: Number(values.seed),
  eventsPerDay: Number(values['per-day']),
}).slice(0, wanted);
console.log(
  `generated ${reports.length.toLocaleString('en-US')} reports in ${((performance.now() - generating) / 1000).toFixed(1)} s (not counted)`,
);
// Wall-clock seconds, and this process's CPU seconds beside them: on a shared machine the CPU time
// says what the work costs, the wall time what the machine's load made of it.
let cpu = process.cpuUsage();
const cpuStart = cpu;
const seconds = (from: number) => {
  const used = process.cpuUsage(cpu);
  cpu = process.cpuUsage();
  return `${((performance.now() - from) / 1000).toFixed(2)} s (CPU ${((used.user + used.system) / 1e6).toFixed(2)} s)`;
};
const start = performance.now();
let at = performance.now();
const pairs = findCandidatePairs(reports);
console.log(`candidate pairs: ${pairs.count.toLocaleString('en-US')} in ${seconds(at)}`);
at = performance.now();
const matrix = compareCandidatePairs(reports, pairs);
console.log(`compared in ${seconds(at)}`);
at = performance.now();
const model = estimateEventModel(reports, matrix);
console.log(
  `estimated (decoy u + EM, ${model.iterations} iterations, converged ${model.converged}, match share ${model.matchShare.toFixed(3)}) in ${seconds(at)}`,
);
at = performance.now();
const probability = scoreMatrix(model, matrix);
console.log(`scored in ${seconds(at)}`);
at = performance.now();
const clusters = clusterEvents(reports, pairs, probability, AUTO_LINK_PROBABILITY);
console.log(`clustered in ${seconds(at)}`);
const totalCpu = process.cpuUsage(cpuStart);
const total = `${((performance.now() - start) / 1000).toFixed(2)} s (CPU ${((totalCpu.user + totalCpu.system) / 1e6).toFixed(2)} s)`;
const quality = pairwiseQuality(
  clusters,
  reports.map((r) => String(r.event)),
);
let review = 0;
let reviewTrue = 0;
for (let p = 0; p < pairs.count; p++) {
  const a = pairs.a[p] as number;
  const b = pairs.b[p] as number;
  if ((probability[p] as number) < REVIEW_PROBABILITY || clusters[a] === clusters[b]) continue;
  review++;
  if (reports[a]?.event === reports[b]?.event) reviewTrue++;
}
const overdoses = new Set(clusters).size;
console.log(
  `${reports.length.toLocaleString('en-US')} reports -> ${overdoses.toLocaleString('en-US')} overdoses ` +
    `(true events ${new Set(reports.map((r) => r.event)).size.toLocaleString('en-US')}) in ${total} ` +
    `(estimate + score + cluster, generation not counted)`,
);
console.log(
  `pairwise precision ${quality.precision.toFixed(4)}, recall ${quality.recall.toFixed(4)} ` +
    `(${quality.truePositives} of ${quality.predictedPairs} linked pairs true, of ${quality.truePairs} true pairs); ` +
    `review band: ${review} pairs, ${reviewTrue} of them one event; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
