import { setPriority } from 'node:os';
import { parseArgs } from 'node:util';
import { cliActor } from '../../access/roles.js';
import { backfillEnvironment, backfillPacer } from '../../intake/backfill-pacing.js';
import { importCsvFile } from '../../intake/csv-import-service.js';
import { importNemsisFile } from '../../intake/nemsis-import-service.js';
import { presentNemsisSummary } from '../../intake/nemsis-presenter.js';
import { ProgressBar } from '../../platform/progress-bar.js';
import { type CliCommand, usageError } from './command-line.js';
import { resolveJurisdiction, resolveOrganization, withContext } from './command-support.js';

/** sos import: reads a CSV file of reports through a preset into one organization. */
export const importCommand: CliCommand = {
  usage:
    'sos import FILE --preset generic|tempe-ems|ct-ocme|ed-syndromic|medical-examiner|odmap|nemsis [--jurisdiction ID] [--organization ID] [--rejected FILE] [--pace] [--json]',
  run: runImport,
};

/** What a running server offers instead of `sos import FILE.xml --preset nemsis`. */
const IMPORT_INSTEAD_NEMSIS =
  'While the server runs, send the document to it instead: POST /api/v1/reports/nemsis (Content-Type: application/xml) with an API key of the organization.';

/** What a running server offers instead of `sos import` on its data directory. */
const IMPORT_INSTEAD =
  'While the server runs, send the reports to it instead: POST /api/v1/reports with an API key of the organization (sos apikey create, with the server stopped), up to 1,000 reports a request.';

async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      preset: { type: 'string' },
      jurisdiction: { type: 'string' },
      organization: { type: 'string' },
      rejected: { type: 'string' },
      pace: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw usageError('Name one file to import');
  if (!values.preset)
    throw usageError(
      'Name the file format with --preset (generic, tempe-ems, ct-ocme, ed-syndromic, medical-examiner, odmap, nemsis)',
    );
  if (values.preset === 'nemsis') return runNemsisImport(file, values);
  if (values.pace) {
    // A backfill beside a running server: its connections say so (the pacer tells them from live
    // work), and its own CPU gives way to the server's on a shared machine.
    Object.assign(process.env, backfillEnvironment(process.env));
    setPriority(10);
  }
  return withContext({ command: 'import', instead: IMPORT_INSTEAD }, async (context) => {
    const pacer = values.pace ? backfillPacer(context.db) : undefined;
    const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
    const organization = await resolveOrganization(context, jurisdiction, values.organization);
    const bar = new ProgressBar(`import ${file}`);
    const summary = await importCsvFile(context.intake, cliActor, {
      filePath: file,
      presetName: values.preset as string,
      jurisdiction,
      organization,
      ...(values.rejected ? { rejectedPath: values.rejected } : {}),
      ...(pacer ? { pacer } : {}),
      onProgress: (p) => bar.update(p.bytesRead, p.totalBytes, `${p.rows.toLocaleString('en-US')} rows`),
    });
    bar.finish();
    if (pacer)
      console.error(
        `paced: ${pacer.pauses} pauses for live work, ${(pacer.pausedMs / 1000).toFixed(1)} s in all`,
      );
    const counts = {
      read: summary.read,
      accepted: summary.accepted,
      duplicates: summary.duplicates,
      rejected: summary.rejected,
      skipped: summary.skipped,
      sealed_keys: summary.sealedKeys,
      dropped_keys: summary.droppedKeys,
      windows_1252_rows: summary.windows1252Rows,
      outside_jurisdiction: summary.outsideJurisdiction,
      unplaced: summary.unplaced,
      contact_flags: summary.contactFlags,
      notices: summary.notices,
    };
    if (values.json) {
      console.log(JSON.stringify(counts));
    } else {
      console.log(
        `${file}: ${counts.read} rows read, ${counts.accepted} accepted, ${counts.duplicates} duplicates, ${counts.rejected} rejected`,
      );
      if (counts.skipped)
        console.log(`${counts.skipped} rows skipped: no suspected overdose (they meet no syndrome)`);
      for (const notice of counts.notices) console.log(`notice: ${notice}`);
      if (counts.outside_jurisdiction)
        console.log(
          `${counts.outside_jurisdiction} accepted rows flagged OUTSIDE_JURISDICTION: their point is in no area of the jurisdiction's layers`,
        );
      if (counts.unplaced)
        console.log(
          `${counts.unplaced} accepted rows flagged LOCATION_UNPLACED: no point found for them (GET /api/v1/overdoses/unplaced lists them)`,
        );
      const { no_phone, no_address } = counts.contact_flags;
      if (no_phone || no_address)
        console.log(
          `rows naming a person with unusable contact details: ${no_phone} without a phone, ${no_address} without an address`,
        );
      if (counts.sealed_keys.length)
        console.log(`sealed with the person, not kept in the raw record: ${counts.sealed_keys.join(', ')}`);
      if (counts.dropped_keys.length)
        console.log(
          `dropped (not read by the preset nor allowed by the organization's intake profile): ${counts.dropped_keys.join(', ')}`,
        );
      if (summary.rejectedFile) console.log(`rejected rows and their reasons: ${summary.rejectedFile}`);
    }
    return 0;
  });
}

/** sos import FILE.xml --preset nemsis: a NEMSIS v3.5 EMSDataSet document, PatientCareReport by PatientCareReport. */
async function runNemsisImport(
  file: string,
  values: { jurisdiction?: string; organization?: string; rejected?: string; json?: boolean },
): Promise<number> {
  return withContext({ command: 'import', instead: IMPORT_INSTEAD_NEMSIS }, async (context) => {
    const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
    const organization = await resolveOrganization(context, jurisdiction, values.organization);
    const bar = new ProgressBar(`import ${file}`);
    const summary = await importNemsisFile(context.intake, cliActor, {
      filePath: file,
      jurisdiction,
      organization,
      ...(values.rejected ? { rejectedPath: values.rejected } : {}),
      onProgress: (p) =>
        bar.update(p.bytesRead, p.totalBytes, `${p.records.toLocaleString('en-US')} PatientCareReports`),
    });
    bar.finish();
    if (values.json) {
      console.log(JSON.stringify({ ...presentNemsisSummary(summary), rejected_file: summary.rejectedFile }));
      return 0;
    }
    console.log(
      `${file}: ${summary.read} PatientCareReports read, ${summary.accepted} accepted, ${summary.duplicates} duplicates, ${summary.rejected} rejected`,
    );
    for (const [definition, count] of Object.entries(summary.definitions))
      console.log(`${definition}: ${count} accepted records meet it`);
    for (const record of summary.records)
      for (const p of record.problems)
        console.log(
          `record ${record.record} (line ${record.line}) ${record.status}: ${p.field}: ${p.message}`,
        );
    if (summary.unlistedRecords) console.log(`${summary.unlistedRecords} more records with problems`);
    if (summary.rejectedFile) console.log(`rejected records and their reasons: ${summary.rejectedFile}`);
    return 0;
  });
}
