/**
 * CPU profiles of one stretch of a benchmark, taken in-process through the inspector so that set-up
 * and tear-down stay out of them, and a summary of where the samples fell.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

/** The parts of a V8 .cpuprofile that the summary reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** A running profile; `stop` writes it to `file` and returns it. */
export interface CpuProfiler {
  stop(file: string): Promise<CpuProfile>;
}

/** Starts sampling this process every `intervalMicros` microseconds. */
export async function startCpuProfile(intervalMicros = 1000): Promise<CpuProfiler> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalMicros });
  await session.post('Profiler.start');
  return {
    stop: async (file) => {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(profile));
      return profile as unknown as CpuProfile;
    },
  };
}

/** Where a sample's time went, coarsely. */
export type TimeCategory =
  | 'webassembly'
  | 'pglite-js'
  | 'pg-driver'
  | 'sos'
  | 'other-packages'
  | 'node-internals'
  | 'garbage-collector'
  | 'idle'
  | 'other';

/** Self time of one function. */
export interface FunctionTime {
  name: string;
  location: string;
  category: TimeCategory;
  micros: number;
}

/** Self time by function, by category, and by owner: the nearest frame that is not Node's own code. */
export interface ProfileSummary {
  totalMicros: number;
  byCategory: Map<TimeCategory, number>;
  byOwner: Map<TimeCategory, number>;
  functions: FunctionTime[];
}

// Categories that own the Node internals they call: PGlite's file access through node:fs is the
// database's time, and the driver's Buffer work is the driver's.
const owners: ReadonlySet<TimeCategory> = new Set([
  'webassembly',
  'pglite-js',
  'pg-driver',
  'sos',
  'other-packages',
]);

/** Sorts a frame by the code it belongs to. */
export function categorize(functionName: string, url: string): TimeCategory {
  if (functionName === '(garbage collector)') return 'garbage-collector';
  if (functionName === '(idle)') return 'idle';
  if (url.startsWith('wasm://')) return 'webassembly';
  if (url.includes('/@electric-sql/pglite/')) return 'pglite-js';
  if (/\/node_modules\/pg(-[a-z]+)?\//.test(url)) return 'pg-driver';
  if (url.includes('/node_modules/')) return 'other-packages';
  if (url.includes('/dist/')) return 'sos';
  if (url.startsWith('node:') || (url === '' && functionName !== '(program)' && functionName !== '(root)')) {
    return 'node-internals';
  }
  return 'other';
}

/** Adds up self time per function (name and place) and per category. */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const ownerOf = (nodeId: number, leaf: TimeCategory): TimeCategory => {
    if (leaf !== 'node-internals') return leaf === 'pglite-js' ? 'webassembly' : leaf;
    for (let id = parents.get(nodeId); id !== undefined; id = parents.get(id)) {
      const frame = frames.get(id);
      const category = frame ? categorize(frame.functionName, frame.url) : 'other';
      if (owners.has(category)) return category === 'pglite-js' ? 'webassembly' : category;
    }
    return leaf;
  };
  const byFunction = new Map<string, FunctionTime>();
  const byCategory = new Map<TimeCategory, number>();
  const byOwner = new Map<TimeCategory, number>();
  let totalMicros = 0;
  profile.samples.forEach((nodeId, i) => {
    // Each delta is the time since the previous sample, which is the time this sample stands for.
    const micros = profile.timeDeltas[i] ?? 0;
    const frame = frames.get(nodeId);
    if (!frame || micros <= 0) return;
    const category = categorize(frame.functionName, frame.url);
    const location = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${location}`;
    const entry = byFunction.get(key) ?? { name, location, category, micros: 0 };
    entry.micros += micros;
    byFunction.set(key, entry);
    byCategory.set(category, (byCategory.get(category) ?? 0) + micros);
    const owner = ownerOf(nodeId, category);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
    totalMicros += micros;
  });
  const functions = [...byFunction.values()].sort((a, b) => b.micros - a.micros);
  return { totalMicros, byCategory, byOwner, functions };
}

function shortUrl(url: string): string {
  const packageAt = url.lastIndexOf('/node_modules/');
  if (packageAt >= 0) return url.slice(packageAt + '/node_modules/'.length);
  const distAt = url.lastIndexOf('/dist/');
  if (distAt >= 0) return url.slice(distAt + '/dist/'.length);
  return url;
}

/** Printable lines: the categories, then the `top` functions by self time. */
export function formatProfileSummary(summary: ProfileSummary, top = 20): string[] {
  const share = (micros: number) => `${((100 * micros) / summary.totalMicros).toFixed(1)}%`.padStart(6);
  const lines = [`profile: ${(summary.totalMicros / 1e6).toFixed(2)} s sampled`];
  const list = (map: Map<TimeCategory, number>, names: Partial<Record<TimeCategory, string>> = {}) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([c, micros]) => `${names[c] ?? c} ${share(micros).trim()}`)
      .join(', ');
  lines.push(`  self time by category: ${list(summary.byCategory)}`);
  const ownerNames = { webassembly: 'pglite (wasm, its JS and its file access)', 'node-internals': 'node' };
  lines.push(`  by owner (Node internals counted to their caller): ${list(summary.byOwner, ownerNames)}`);
  lines.push(`  top ${top} functions by self time:`);
  for (const f of summary.functions.slice(0, top)) {
    lines.push(`  ${share(f.micros)}  ${f.name}  [${f.category}] ${f.location}`);
  }
  return lines;
}
