/**
 * The floor an import is compared with: PostgreSQL's own COPY of the same CSV, sent by psql's \copy
 * (client-side, so the file travels over the same loopback connection as SOS's inserts) into a plain
 * table shaped like the file, with no index, no key and no transformation.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import pg from 'pg';

/** The types PostgreSQL parses the generic CSV's typed columns into; every other column is text. */
const COPY_COLUMN_TYPES: Readonly<Record<string, string>> = {
  occurred_at: 'timestamptz',
  latitude: 'double precision',
  longitude: 'double precision',
  fatal: 'boolean',
  naloxone_given: 'boolean',
  naloxone_doses: 'integer',
  age: 'integer',
};

/** The columns of the plain table a CSV is copied into, read from its header (the generator adds columns). */
export function copyTableColumns(header: string): string[] {
  return header
    .trim()
    .split(',')
    .map((name) => `"${name.replaceAll('"', '""')}" ${COPY_COLUMN_TYPES[name] ?? 'text'}`);
}

/** The first line of a file. */
async function firstLine(file: string): Promise<string> {
  const lines = createInterface({ input: createReadStream(file) });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}

/** One COPY run. */
export interface CopyTiming {
  rows: number;
  seconds: number;
}

/** Finds psql on PATH or in the newest /usr/lib/postgresql/N/bin. */
export async function findPsql(): Promise<string> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    if (existsSync(path.join(dir, 'psql'))) return path.join(dir, 'psql');
  }
  const versions = (await readdir('/usr/lib/postgresql').catch(() => [] as string[])).sort(
    (a, b) => Number.parseFloat(b) - Number.parseFloat(a),
  );
  for (const version of versions) {
    const candidate = path.join('/usr/lib/postgresql', version, 'bin', 'psql');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('psql was not found on PATH nor under /usr/lib/postgresql');
}

function run(program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`${path.basename(program)} exited with ${code}: ${stderr}`));
        return;
      }
      resolve();
    });
  });
}

/** Creates a fresh ordinary table `copy_baseline`, copies the file into it and times the copy. */
export async function timeCopy(databaseUrl: string, csvPath: string): Promise<CopyTiming> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('drop table if exists copy_baseline');
    await client.query(
      `create table copy_baseline (${copyTableColumns(await firstLine(csvPath)).join(', ')})`,
    );
    const psql = await findPsql();
    const quoted = csvPath.replaceAll("'", "''");
    const started = performance.now();
    await run(psql, [
      '--no-psqlrc',
      '--quiet',
      '--set',
      'ON_ERROR_STOP=1',
      '--dbname',
      databaseUrl,
      '--command',
      `\\copy copy_baseline from '${quoted}' with (format csv, header true)`,
    ]);
    const seconds = (performance.now() - started) / 1000;
    const [counted] = (await client.query<{ n: number }>('select count(*)::int as n from copy_baseline'))
      .rows;
    return { rows: counted?.n ?? 0, seconds };
  } finally {
    await client.end();
  }
}
