/**
 * The test entry point: starts a throwaway PostgreSQL cluster, runs node's test runner with
 * SOS_TEST_DATABASE_URL pointing at it, and removes the cluster however the run ends.
 *
 * Usage: node dist/test/support/run-tests.js [node --test flags] [directories or files]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.js';

const defaultTargets = ['dist/src', 'dist/test'];
const compiledTest = /\.test\.js$/;
/** Test runner flags whose value may follow as a separate argument rather than after `=`. */
const flagsWithValue = new Set([
  '--test-name-pattern',
  '--test-skip-pattern',
  '--test-reporter',
  '--test-reporter-destination',
  '--test-concurrency',
  '--test-timeout',
  '--test-shard',
  '--import',
  '--require',
  '-r',
]);

/** Flags for node and the directories or files to test, as given after `npm test --`. */
interface Arguments {
  flags: string[];
  targets: string[];
}

/** Splits the command line into flags for node and test targets. */
function parseArguments(argv: string[]): Arguments {
  const flags: string[] = [];
  const targets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-')) {
      targets.push(arg);
      continue;
    }
    flags.push(arg);
    const next = argv[i + 1];
    if (flagsWithValue.has(arg) && next !== undefined) {
      flags.push(next);
      i++;
    }
  }
  return { flags, targets };
}

/**
 * Expands directories into their compiled test files. Node 20's runner, given a directory, would also
 * run every .js file under a `test` folder (this runner and its helpers included), so it gets files.
 */
async function testFiles(targets: string[]): Promise<{ files: string[]; stale: string[] }> {
  const files: string[] = [];
  const stale: string[] = [];
  for (const target of targets) {
    const info = await stat(target).catch(() => undefined);
    if (!info) throw new Error(`no such test file or directory: ${target}`);
    if (!info.isDirectory()) {
      files.push(target);
      continue;
    }
    for (const file of await filesUnder(target)) {
      if (!compiledTest.test(file)) continue;
      if (hasSource(file)) files.push(file);
      else stale.push(file);
    }
  }
  return { files: [...new Set(files)].sort(), stale };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((entry) => entry.name !== 'node_modules')
      .map((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? filesUnder(full) : Promise.resolve([full]);
      }),
  );
  return nested.flat();
}

/** tsc never deletes output, so a test whose source was removed lingers in dist/ and must not run. */
function hasSource(compiled: string): boolean {
  const relative = path.relative('dist', compiled);
  if (relative.startsWith('..')) return true;
  return existsSync(relative.replace(compiledTest, '.test.ts'));
}

function elapsed(since: number): string {
  return `${Math.round(performance.now() - since)} ms`;
}

function exitCodeForSignal(signal: NodeJS.Signals): number {
  return 128 + (os.constants.signals[signal] ?? 0);
}

async function main(): Promise<number> {
  const { flags, targets } = parseArguments(process.argv.slice(2));
  const { files, stale } = await testFiles(targets.length > 0 ? targets : defaultTargets);
  if (stale.length > 0) {
    console.error(`run-tests: skipping ${stale.length} compiled test(s) whose source is gone:`);
    for (const file of stale) console.error(`  ${file}`);
  }
  if (files.length === 0) {
    console.error(
      `run-tests: no test files in ${(targets.length > 0 ? targets : defaultTargets).join(', ')}`,
    );
    return 1;
  }

  let interrupted: NodeJS.Signals | undefined;
  let forward: ((signal: NodeJS.Signals) => void) | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    const repeated = interrupted !== undefined;
    interrupted = signal;
    forward?.(repeated ? 'SIGKILL' : signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const startedAt = performance.now();
  let cluster: PostgresCluster;
  try {
    cluster = await startPostgresCluster();
  } catch (error) {
    console.error('run-tests: could not start a PostgreSQL cluster for the tests');
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
  console.error(`run-tests: PostgreSQL on 127.0.0.1:${cluster.port} started in ${elapsed(startedAt)}`);

  try {
    if (interrupted) return exitCodeForSignal(interrupted);
    const hasReporter = flags.some((flag) => flag.startsWith('--test-reporter'));
    const child = spawn(
      process.execPath,
      [
        '--test',
        '--test-concurrency=2',
        ...(hasReporter ? [] : ['--test-reporter=spec']),
        ...flags,
        ...files,
      ],
      {
        stdio: 'inherit',
        env: { ...process.env, SOS_TEST_DATABASE_URL: cluster.url, SOS_CHECK_RESPONSES: '1' },
      },
    );
    forward = (signal) => child.kill(signal);
    const code = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode, signal) => resolve(exitCode ?? exitCodeForSignal(signal ?? 'SIGTERM')));
    });
    return interrupted ? exitCodeForSignal(interrupted) : code;
  } finally {
    const stoppingAt = performance.now();
    await cluster.stop();
    console.error(`run-tests: PostgreSQL stopped and removed in ${elapsed(stoppingAt)}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('run-tests:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
