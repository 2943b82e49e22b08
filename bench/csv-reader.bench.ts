/**
 * Throughput of the streaming CSV reader: writes 1,000,000 rows of 18 typical columns to a temp
 * directory, reads them back with readCsv and prints rows/s, MB/s and peak RSS.
 * Run: npx tsc -p tsconfig.json && node dist/bench/csv-reader.bench.js [rows]
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from '../src/platform/csv/read-csv.js';

const HEADER = [
  'case_id',
  'incident_date',
  'incident_time',
  'age',
  'sex',
  'race',
  'city',
  'county',
  'state',
  'latitude',
  'longitude',
  'naloxone_given',
  'naloxone_doses',
  'fentanyl',
  'heroin',
  'disposition',
  'agency',
  'narrative',
];

const CITIES = ['HARTFORD', 'NEW HAVEN', 'WATERBURY', 'BRIDGEPORT', 'NEW BRITAIN', 'TEMPE'];
const NARRATIVES = [
  'Found unresponsive at residence',
  '"Bystander gave naloxone, patient revived"',
  'Transported to ER',
  '"Multiple substances reported; see ""notes"""',
];

function row(i: number): string {
  const city = CITIES[i % CITIES.length] as string;
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((i % 12) + 1).padStart(2, '0');
  return [
    `C-${1_000_000 + i}`,
    `2023-${month}-${day}`,
    `${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
    String(15 + (i % 60)),
    i % 3 === 0 ? 'Female' : 'Male',
    i % 5 === 0 ? 'Black' : 'White',
    city,
    'HARTFORD',
    'CT',
    (41.5 + (i % 1000) / 10_000).toFixed(6),
    (-72.6 - (i % 997) / 10_000).toFixed(6),
    i % 2 === 0 ? 'Yes' : 'No',
    String(i % 4),
    i % 3 === 0 ? 'Y' : '',
    i % 7 === 0 ? 'Y' : '',
    'Transported',
    'Hartford Fire Department',
    NARRATIVES[i % NARRATIVES.length] as string,
  ].join(',');
}

async function generate(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${HEADER.join(',')}\r\n`);
  for (let start = 0; start < rows; start += 10_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + 10_000); i++) lines.push(row(i));
    if (!out.write(`${lines.join('\r\n')}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const dir = await mkdtemp(join(tmpdir(), 'sos-csv-bench-'));
  const path = join(dir, 'reports.csv');
  try {
    await generate(path, rows);
    const { size } = await stat(path);
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    let sampledAt = 0;
    let records = 0;
    let bad = 0;
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const items = readCsv(createReadStream(path), {
      fileName: 'reports.csv',
      requiredColumns: ['case_id', 'incident_date'],
      onProgress: (bytesRead) => {
        // Sampled every 16 MiB: reading the RSS costs more than parsing a chunk.
        if (bytesRead - sampledAt < 16 * 1024 * 1024) return;
        sampledAt = bytesRead;
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
      },
    });
    for await (const item of items) {
      if (item.kind === 'record') records++;
      else if (item.kind === 'bad') bad++;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.log(`file: ${rows.toLocaleString('en-US')} rows, 18 columns, ${mb(size)} MiB`);
    console.log(
      `read: ${records.toLocaleString('en-US')} records, ${bad} bad rows in ${seconds.toFixed(2)} s`,
    );
    console.log(
      `speed: ${Math.round(records / seconds).toLocaleString('en-US')} rows/s, ${mb(size / seconds)} MiB/s`,
    );
    // CPU time includes the garbage collector's helper threads; wall time suffers on a busy machine.
    console.log(
      `cpu: ${cpuSeconds.toFixed(2)} s, ${Math.round(records / cpuSeconds).toLocaleString('en-US')} rows per CPU-second`,
    );
    console.log(`rss: ${mb(rssBefore)} MiB before reading, ${mb(peakRss)} MiB peak while reading`);
    if (records !== rows || bad !== 0) throw new Error(`expected ${rows} records and no bad rows`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
