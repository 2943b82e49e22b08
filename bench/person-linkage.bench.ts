/**
 * Person linkage end to end: writes N generated FEBRL-like person records with planted duplicates
 * (bench/support/febrl-like-people.ts), runs `sos linkage match FILE --preset febrl --truth` on them
 * as a user would, in a child process under /usr/bin/time, and prints records/s, wall time, CPU
 * time, pairwise precision and recall, and the child's peak RSS.
 * Run: npm run build && node dist/bench/person-linkage.bench.js [records, default 1000000] [seed]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeFebrlLikePeople } from './support/febrl-like-people.js';
import { count, mib, secs } from './support/figures.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/main/cli.js');

const records = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 16);
const folder = await mkdtemp(path.join(tmpdir(), 'sos-person-linkage-'));
try {
  const file = path.join(folder, 'people.csv');
  let started = performance.now();
  const generated = await writeFebrlLikePeople(file, records, seed);
  const generatedSeconds = (performance.now() - started) / 1000;
  console.log(
    `generated ${count(generated.records)} records (${count(generated.originals)} people, ${count(generated.truePairs)} true pairs), ${mib((await stat(file)).size)} MiB, in ${secs(generatedSeconds)} s`,
  );
  started = performance.now();
  const { stdout, stderr } = await run(
    '/usr/bin/time',
    [
      '-v',
      process.execPath,
      CLI,
      'linkage',
      'match',
      file,
      '--preset',
      'febrl',
      '--out',
      path.join(folder, 'clusters.csv'),
      '--truth',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const wall = (performance.now() - started) / 1000;
  const peakKib = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
  // CPU seconds say what the work costs when other processes share the cores and stretch the wall time.
  const cpu = ['User', 'System'].reduce(
    (sum, kind) => sum + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1]),
    0,
  );
  const quality = /pairwise precision ([\d.]+) recall ([\d.]+) F1 ([\d.]+)/.exec(stdout);
  process.stdout.write(stdout);
  console.log(
    [
      `records            ${count(generated.records)}`,
      `wall time          ${secs(wall)} s (sos linkage match, process start to exit)`,
      `records/s          ${count(generated.records / wall)}`,
      `CPU time           ${secs(cpu)} s (user + system)`,
      `precision          ${quality?.[1] ?? '?'}`,
      `recall             ${quality?.[2] ?? '?'}`,
      `F1                 ${quality?.[3] ?? '?'}`,
      `peak RSS           ${mib(peakKib * 1024)} MiB`,
    ].join('\n'),
  );
} finally {
  await rm(folder, { recursive: true, force: true });
}
