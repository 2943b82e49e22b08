/**
 * A large NEMSIS EMSDataSet document for the import bench, written by varying the shared sample
 * PatientCareReports: each copy gets its own eRecord.01, a scene point inside Connecticut, times
 * moved by whole days, and one in four an opioid impression (F11.120), so definitions are decided too.
 * Streamed to disk with back-pressure: generating it holds one record at a time.
 */
import { once } from 'node:events';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The samples' PatientCareReports as text, and the header and footer of the document around them. */
function samples(sharedNemsisDir: string): { head: string; records: string[]; tail: string } {
  const files = readdirSync(sharedNemsisDir).filter((f) => f.endsWith('.xml'));
  const records = files.map((file) => {
    const text = readFileSync(path.join(sharedNemsisDir, file), 'utf8');
    return text.slice(text.indexOf('<PatientCareReport'), text.indexOf('</PatientCareReport>') + 20);
  });
  const first = readFileSync(path.join(sharedNemsisDir, '2025-EMS-1-Overdose_v351.xml'), 'utf8');
  return {
    head: first.slice(0, first.indexOf('<PatientCareReport')),
    records,
    tail: '</Header>\n</EMSDataSet>\n',
  };
}

/** A small deterministic generator (mulberry32), so a seed gives the same file. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Moves every date-time of a record by whole days (the samples are from 2015 and 2024). */
function shiftDays(record: string, days: number): string {
  return record.replace(/(\d{4}-\d{2}-\d{2})T/g, (_m, day: string) => {
    const moved = new Date(Date.parse(`${day}T12:00:00Z`) - days * 86_400_000);
    return `${moved.toISOString().slice(0, 10)}T`;
  });
}

/** Writes a document of about `targetBytes` to `file`; returns its records and bytes. */
export async function writeGeneratedNemsis(
  file: string,
  options: { sharedNemsisDir: string; targetBytes: number; seed: number },
): Promise<{ records: number; bytes: number }> {
  const { head, records: sampleRecords, tail } = samples(options.sharedNemsisDir);
  const next = random(options.seed);
  const out = createWriteStream(file);
  let bytes = 0;
  let records = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(head);
  while (bytes < options.targetBytes) {
    const sample = sampleRecords[records % sampleRecords.length] as string;
    const lat = (41.05 + next() * 0.95).toFixed(6);
    const lon = (-73.6 + next() * 1.8).toFixed(6);
    let record = sample
      .replace(/<eRecord\.01>[^<]*<\/eRecord\.01>/, `<eRecord.01>bench-${records + 1}</eRecord.01>`)
      .replace(/<eScene\.11>[^<]*<\/eScene\.11>/, `<eScene.11>${lat},${lon}</eScene.11>`);
    record = shiftDays(record, Math.floor(next() * 300));
    if (next() < 0.25)
      record = record.replace(
        /<eSituation\.11>[^<]*<\/eSituation\.11>/,
        '<eSituation.11>F11.120</eSituation.11>',
      );
    await write(`${record}\n`);
    records++;
  }
  await write(tail);
  out.end();
  await once(out, 'close');
  return { records, bytes };
}
