/**
 * Throughput of the streaming XML reader on a generated NEMSIS file: the PatientCareReports of the
 * shared NEMSIS test files, repeated with fresh eRecord.01 numbers under one EMSDataSet header until
 * the file reaches the size asked, written to a temp directory, then read back with readXmlRecords.
 * Prints records/s, MB/s and peak RSS; then validates the first records against the NEMSIS XSD and
 * prints that rate too.
 * Run: npx tsc -p tsconfig.json && node dist/bench/xml-reader.bench.js [--mb 500] [--validate 2000]
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createNemsisSchema } from '../src/intake/adapters/nemsis/nemsis-schema.js';
import { readXmlRecords } from '../src/platform/xml/xml-reader.js';
import { count, mib, peakRssBytes, secs } from './support/figures.js';

const { values } = parseArgs({
  options: { mb: { type: 'string', default: '500' }, validate: { type: 'string', default: '2000' } },
});
const targetBytes = Number(values.mb) * 1024 * 1024;
const toValidate = Number(values.validate);
if (!(targetBytes > 0) || !Number.isInteger(toValidate) || toValidate < 0) {
  throw new Error('--mb must be a positive number and --validate a whole number');
}

const SHARED = path.resolve(process.cwd(), '..', 'shared', 'data', 'nemsis');
const HEADER =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<EMSDataSet xmlns="http://www.nemsis.org" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
  '  <Header>\n    <DemographicGroup><dAgency.01>C034</dAgency.01><dAgency.02>351-C034P2</dAgency.02>' +
  '<dAgency.04>09</dAgency.04></DemographicGroup>\n';
const FOOTER = '  </Header>\n</EMSDataSet>\n';

/** The PatientCareReports of the shared files that pass, as templates with eRecord.01 cut out. */
function templates(): [string, string][] {
  const found: [string, string][] = [];
  for (const name of readdirSync(SHARED).filter((file) => file.endsWith('.xml'))) {
    const text = readFileSync(path.join(SHARED, name), 'utf8');
    for (const match of text.matchAll(/<PatientCareReport[\s>][\s\S]*?<\/PatientCareReport>/g)) {
      const [before, after] = match[0].split(/<eRecord\.01>[^<]*<\/eRecord\.01>/);
      if (before !== undefined && after !== undefined) found.push([before, after]);
    }
  }
  return found;
}

async function generate(file: string): Promise<number> {
  const parts = templates();
  const out = createWriteStream(file);
  out.write(HEADER);
  let written = HEADER.length;
  let records = 0;
  while (written < targetBytes) {
    const batch: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const [before, after] = parts[records % parts.length] as [string, string];
      batch.push(`${before}<eRecord.01>BENCH-${records}</eRecord.01>${after}\n`);
      records += 1;
    }
    const text = batch.join('');
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end(FOOTER);
  await once(out, 'close');
  return records;
}

async function main(): Promise<void> {
  const folder = await mkdtemp(path.join(tmpdir(), 'sos-xml-bench-'));
  try {
    const file = path.join(folder, 'generated-nemsis.xml');
    const generated = await generate(file);
    const bytes = (await stat(file)).size;
    const baseline = process.memoryUsage().rss;
    const started = performance.now();
    let records = 0;
    let errors = 0;
    let peakWhileReading = baseline;
    for await (const item of readXmlRecords(createReadStream(file), { recordElement: 'PatientCareReport' })) {
      if (item.kind === 'error') errors += 1;
      else records += 1;
      if (records % 100 === 0) peakWhileReading = Math.max(peakWhileReading, process.memoryUsage().rss);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`file: ${mib(bytes)} MiB, ${count(generated)} PatientCareReports generated`);
    console.log(`read: ${count(records)} records, ${count(errors)} errors in ${secs(seconds)} s`);
    console.log(
      `  ${count(records / seconds)} records/s, ${(bytes / 1024 / 1024 / seconds).toFixed(1)} MiB/s`,
    );
    console.log(
      `  RSS before reading ${mib(baseline)} MiB, highest while reading ${mib(peakWhileReading)} MiB (sampled every 100 records), process peak ${mib(peakRssBytes())} MiB (generation included)`,
    );
    // A second, partial read keeps the first records' text for validation, after the peak was taken.
    const sample: string[] = [];
    for await (const item of readXmlRecords(createReadStream(file), { recordElement: 'PatientCareReport' })) {
      if (sample.length >= toValidate) break;
      if (item.kind === 'record') sample.push(item.xml);
    }
    if (sample.length > 0) {
      const schema = await createNemsisSchema();
      const validating = performance.now();
      let problems = 0;
      for (const xml of sample) problems += schema.validate(xml).length;
      const validated = (performance.now() - validating) / 1000;
      schema.close();
      console.log(
        `XSD validation: ${count(sample.length)} records in ${secs(validated)} s, ${count(sample.length / validated)} records/s, ${count(problems)} problems`,
      );
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
