import { reportKeys } from '../report-fields.js';
import type { IntakeAdapter, SourceItem } from './intake-adapter.js';

/** Each report of a request's list, in report field names already: the item is read as it came. */
function* readReports(reports: readonly unknown[]): Iterable<SourceItem> {
  for (let index = 0; index < reports.length; index++) {
    const item = reports[index];
    // Something other than an object is answered as a report with no fields (each REQUIRED).
    const record = (typeof item === 'object' && item !== null && !Array.isArray(item) ? item : {}) as Record<
      string,
      unknown
    >;
    yield { kind: 'record', position: { kind: 'index', index }, record: { raw: record, fields: record } };
  }
}

/** Reports a submitter's system sends to POST /api/v1/reports with an API key. */
export const jsonApiAdapter: IntakeAdapter<readonly unknown[]> = {
  name: 'json-api',
  reads: 'a list of JSON reports named by the report fields, with an optional person',
  channel: 'api',
  knownKeys: reportKeys,
  delivery: 'request',
  read: readReports,
};

/**
 * Reports typed into the web's field form: the form posts the same JSON to POST /api/v1/reports with
 * a session, so this is the JSON adapter stored under the `form` channel.
 */
export const formAdapter: IntakeAdapter<readonly unknown[]> = {
  ...jsonApiAdapter,
  name: 'form',
  reads: "reports typed into the web's field form, posted as JSON",
  channel: 'form',
};
