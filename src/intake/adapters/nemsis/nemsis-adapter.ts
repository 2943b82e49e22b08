import { type FieldProblem, problem } from '../../../platform/errors.js';
import { readXmlRecords, type XmlLimits, XmlRefusal } from '../../../platform/xml/xml-reader.js';
import type { IntakeAdapter, SourceItem, SourcePosition } from '../intake-adapter.js';
import { nemsisDefinitions } from './nemsis-definitions.js';
import { firstValueIn } from './nemsis-elements.js';
import { nemsisRecordFields, rawElementNames } from './nemsis-fields.js';
import { nemsisRuleBreaches } from './nemsis-rules.js';
import type { NemsisSchema } from './nemsis-schema.js';

/** What the adapter needs of the NEMSIS XSD validator (nemsis-schema.ts): problems of one record's XML. */
export type NemsisSchemaCheck = Pick<NemsisSchema, 'validate'>;

/** One NEMSIS EMSDataSet document to read. */
export interface NemsisSource {
  bytes: AsyncIterable<Buffer | string>;
  /** Its name, in every position (a file path, or "request" for an HTTP body). */
  fileName: string;
  /** The XSD check; null reads without it (tests of the mapping alone). */
  schema: NemsisSchemaCheck | null;
  limits?: Partial<XmlLimits>;
}

/** The unread values of a record kept for the quarantine: its id and its own XML text. */
export const quarantineColumns = ['eRecord.01', 'PatientCareReport'] as const;

/** The elements each report field is read from, so a validation problem names the element. */
const elementOfField: Readonly<Record<string, string>> = {
  source_record_id: 'eRecord.01',
  occurred_at: 'eTimes.07',
  latitude: 'eScene.11',
  longitude: 'eScene.11',
  address: 'eScene.15',
  zip: 'eScene.19',
  county_fips: 'eScene.21',
  sex: 'ePatient.25',
  race: 'ePatient.14',
  ethnicity: 'ePatient.14',
  age: 'ePatient.15',
  substances: 'eSituation.11',
  naloxone_given: 'eMedications.03',
  naloxone_doses: 'eMedications.03',
  naloxone_response: 'eMedications.07',
  disposition: 'eDisposition.30',
  fatal: 'eDisposition.19',
  responding_unit: 'eResponse.14',
};

/**
 * Re-addresses a problem found on a report field to the NEMSIS element it was read from, naming the
 * PatientCareReport in the message (a sender fixes the record in their ePCR, not a column). A problem
 * already named (the adapter's own, carried through intake) passes unchanged.
 */
export function problemInRecord(pcr: string | null, p: FieldProblem): FieldProblem {
  const element = elementOfField[p.field] ?? p.field;
  const prefix = `PatientCareReport ${pcr ?? '(no eRecord.01)'}: `;
  return p.message.startsWith(prefix) ? p : { ...p, field: element, message: `${prefix}${p.message}` };
}

/**
 * NEMSIS v3.5 EMSDataSet XML: each PatientCareReport, streamed, checked against the XSD and the
 * Schematron rules, read into report fields with the NEMSIS case definitions it meets. A record the
 * schema or an error-level rule refuses is unreadable with each element named; a document the reader
 * refuses (a DTD, malformed XML) stops with XmlRefusal, since nothing after it can be trusted.
 */
export const nemsisAdapter: IntakeAdapter<NemsisSource> = {
  name: 'nemsis',
  reads: 'a NEMSIS v3.5 EMSDataSet XML document of PatientCareReports',
  channel: 'nemsis',
  knownKeys: new Set(rawElementNames),
  delivery: 'file',
  read: readPatientCareReports,
};

async function* readPatientCareReports(source: NemsisSource): AsyncIterable<SourceItem> {
  const items = readXmlRecords(source.bytes, { recordElement: 'PatientCareReport', limits: source.limits });
  for await (const item of items) {
    // Only a limit is a record's own problem; a DTD or malformed XML ends the document wherever it is.
    if (item.kind === 'error' && (item.code !== 'XML_LIMIT' || item.index === null))
      throw new XmlRefusal(
        item.code,
        item.element,
        item.line,
        `${source.fileName} line ${item.line}: ${item.message}`,
      );
    const row = (item.index ?? 0) + 1;
    const position: SourcePosition = { kind: 'row', file: source.fileName, row, line: item.line };
    if (item.kind === 'error') {
      const detail = `line ${item.line}: ${item.message}`;
      const skipped = problem(item.element ?? 'PatientCareReport', 'XML_RECORD_LIMIT', 'reject', detail);
      yield {
        kind: 'unreadable',
        position,
        values: { 'eRecord.01': '', PatientCareReport: '' },
        problems: [problemInRecord(`#${row}`, skipped)],
      };
      continue;
    }
    const pcr = firstValueIn(item.element, 'eRecord', 'eRecord.01');
    const named = (
      element: string,
      code: 'NEMSIS_SCHEMA' | 'NEMSIS_RULE',
      severity: 'reject' | 'flag',
      detail: string,
    ) => problemInRecord(pcr ?? `#${row}`, problem(element, code, severity, detail));
    const refusals = [
      ...(source.schema?.validate(item.xml, { line: item.line }) ?? []).map((p) =>
        named(p.element, 'NEMSIS_SCHEMA', 'reject', `${p.message}${p.line ? ` (line ${p.line})` : ''}`),
      ),
    ];
    const flags: FieldProblem[] = [];
    for (const breach of nemsisRuleBreaches(item.element)) {
      const detail = `${breach.rule}: ${breach.message} (line ${breach.line})`;
      if (breach.severity === 'error') refusals.push(named(breach.element, 'NEMSIS_RULE', 'reject', detail));
      else flags.push(named(breach.element, 'NEMSIS_RULE', 'flag', detail));
    }
    if (refusals.length > 0) {
      yield {
        kind: 'unreadable',
        position,
        values: { 'eRecord.01': pcr ?? '', PatientCareReport: item.xml },
        problems: refusals,
      };
      continue;
    }
    const { fields, raw } = nemsisRecordFields(item.element);
    const { definitions, reasons } = nemsisDefinitions(item.element);
    if (definitions.length > 0) {
      fields.source_definitions = definitions;
      fields.definition_reasons = reasons.join('; ');
    }
    yield { kind: 'record', position, record: { raw, fields, problems: flags }, sourceText: item.xml };
  }
}
