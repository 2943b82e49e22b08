/**
 * The error catalog: every error a user or a client can see has a stable code here, an HTTP status
 * and a message template. Codes never change meaning once released; clients may switch on them.
 */
export const errorCatalog = {
  // Requests and input
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than the limit' },
  BATCH_TOO_LARGE: { status: 413, message: 'A batch holds at most 1,000 reports' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  NUL_CHARACTER: { status: 422, message: 'A value contains a NUL character, which SOS does not accept' },
  // Access
  UNAUTHENTICATED: { status: 401, message: 'Sign in or send an API key' },
  INVALID_CREDENTIALS: { status: 401, message: 'Email or password is wrong' },
  PASSWORD_TOO_WEAK: { status: 400, message: 'The password is too weak' },
  EMAIL_TAKEN: { status: 409, message: 'Another user already has this email' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; slow down' },
  FORBIDDEN: { status: 403, message: 'Your role may not do this' },
  CROSS_SITE_REQUEST: { status: 403, message: "The request did not come from this server's own pages" },
  MFA_REQUIRED: {
    status: 403,
    message:
      'Your jurisdiction requires a second factor for this: set one up under Account, then sign in with it',
  },
  REAUTHENTICATION_REQUIRED: {
    status: 403,
    message: 'Confirm who you are again (password or second factor) before this',
  },
  BREAK_THE_GLASS_REQUIRED: {
    status: 403,
    message: 'Only an emergency read may open this record: break the glass with a reason',
  },
  // Files and imports
  FILE_NOT_FOUND: { status: 400, message: 'The file does not exist' },
  FILE_EMPTY: { status: 400, message: 'The file is empty' },
  CSV_MISSING_COLUMNS: { status: 400, message: 'Required columns are missing from the header' },
  CSV_WRONG_DELIMITER: { status: 400, message: 'The file does not look comma-separated' },
  CSV_MALFORMED: { status: 400, message: 'The file is not valid CSV' },
  CSV_INVALID_VALUE: { status: 400, message: 'A value in the file is not valid' },
  UNKNOWN_PRESET: { status: 400, message: 'No import preset by that name' },
  GEOJSON_INVALID: { status: 400, message: 'The GeoJSON file is not valid' },
  // XML documents (NEMSIS): refused before anything is expanded, or bounded per record
  XML_HOSTILE: {
    status: 400,
    message: 'The XML document declares a DTD or entities, which SOS refuses (no DOCTYPE is read)',
  },
  XML_MALFORMED: { status: 400, message: 'The XML document is not well-formed' },
  XML_LIMIT: { status: 413, message: 'An XML element is deeper, longer or larger than the limits' },
  // Scan statistics (SaTScan parameter, case and coordinates files)
  SCAN_PARAMETER_INVALID: { status: 400, message: 'A scan parameter is missing or not valid' },
  SCAN_PARAMETER_UNSUPPORTED: { status: 400, message: 'A scan parameter has a value SOS does not support' },
  SCAN_DATA_INVALID: { status: 400, message: 'A case or coordinates file is not valid' },
  // Detection methods (count series and their parameters)
  DETECTION_PARAMETER_INVALID: { status: 400, message: 'A detection parameter is not valid' },
  // Suppression (published tables read by sos suppression check)
  SUPPRESSION_TABLE_INVALID: { status: 400, message: 'A published table is not valid' },
  SUPPRESSION_FIGURES_INCONSISTENT: {
    status: 400,
    message: 'The published figures contradict each other',
  },
  // Alerts
  ALERT_TRANSITION_INVALID: {
    status: 409,
    message: 'The alert cannot move to that status from its current one',
  },
  WEBHOOK_ADDRESS_REFUSED: {
    status: 422,
    message: 'The webhook address is not public (loopback, private or link-local) and no setting allows it',
  },
  // Outreach (the PRONTO rules the service enforces)
  OUTREACH_MATERIALS_NOT_ALLOWED: {
    status: 422,
    message: 'Materials may be left only when the survivor was reached, and only those the program allows',
  },
  CONSENT_REQUIRED: {
    status: 422,
    message: "This needs the survivor's consent, and none in force covers it",
  },
  OUTREACH_ATTEMPT_CAP: {
    status: 409,
    message:
      "The case has reached the program's cap on contact attempts; a coordinator must record why to go on",
  },
  OUTREACH_LAW_ENFORCEMENT_REFUSED: {
    status: 422,
    message: "The program's policy does not allow law enforcement at visits as recorded",
  },
  OUTREACH_CASE_CLOSED: { status: 409, message: 'The outreach case is closed' },
  // Linkage to care (referrals, sharing agreements, transfers, the resource directory)
  AGREEMENT_REQUIRED: {
    status: 422,
    message: 'No sharing agreement in force covers this flow of data between these organizations',
  },
  REFERRAL_TRANSITION_INVALID: {
    status: 409,
    message: 'The referral cannot move to that status from its current one',
  },
  HSDS_PACKAGE_INVALID: { status: 400, message: 'The HSDS package is not valid' },
  // Responders' well-being
  RESPONDER_UNIT_CODE_TAKEN: { status: 409, message: 'The organization already has a unit with this code' },
  DEBRIEF_LINK_EXPIRED: { status: 410, message: 'The debrief link has expired' },
  DEBRIEF_ALREADY_ANSWERED: { status: 409, message: 'The debrief offer has already been answered' },
  // Linkage
  LINKAGE_REVIEW_DECIDED: { status: 409, message: 'This candidate link has already been decided' },
  LINKAGE_REVIEW_STALE: {
    status: 409,
    message: 'This candidate link no longer applies: one of its overdoses was merged since',
  },
  LINKAGE_REVIEW_NOT_DECIDED: {
    status: 409,
    message: 'This candidate link is pending: there is no decision to undo',
  },
  LINKAGE_SPLIT_STALE: {
    status: 409,
    message: 'These reports are no longer part of this overdose: it was merged or split since',
  },
  OVERDOSE_NOT_LINKED: {
    status: 409,
    message: 'This overdose is not linked: it has no other source to split these reports from',
  },
  // Reports
  REPORT_MAKER_MISSING: {
    status: 503,
    message: 'This server cannot make reports yet: no report maker is configured',
  },
  PDF_PRINTER_MISSING: {
    status: 503,
    message: 'This server has no Chromium to print PDFs with (set SOS_CHROMIUM); download the CSV instead',
  },
  REPORT_RECIPIENT_NOT_ALLOWED: {
    status: 422,
    message:
      'Internal reports go only to active analysts of the jurisdiction or to addresses in its allowlisted domains',
  },
  // Configuration and data model
  UNKNOWN_JURISDICTION: { status: 404, message: 'No jurisdiction by that id or short name' },
  UNKNOWN_ORGANIZATION: { status: 404, message: 'No organization by that id' },
  ENCRYPTION_KEY_MISSING: { status: 500, message: 'No encryption key is configured' },
  ENCRYPTION_KEY_UNKNOWN: { status: 500, message: 'The key that encrypted this record is not configured' },
  CONFIG_INVALID: { status: 500, message: 'The configuration is not valid' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side' },
  // The embedded database's data directory and the command line
  DATA_DIR_LOCKED: { status: 503, message: 'Another process is using the data directory' },
  DATABASE_NOT_FOUND: { status: 503, message: 'There is no database in the data directory' },
  DATABASE_UNREADABLE: { status: 503, message: 'The embedded database could not be opened' },
  CLI_USAGE: { status: 400, message: 'The command line is not valid' },
  // Sessions and re-authentication (issue 17)
  REAUTHENTICATION_FAILED: {
    status: 403,
    message: 'The password is not right: you were not re-authenticated',
  },
} as const;

/** A code from the error catalog. */
export type ErrorCode = keyof typeof errorCatalog;

/** An error that carries a catalog code, an HTTP status and optional structured details. */
export class SosError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? errorCatalog[code].message);
    this.name = 'SosError';
    this.code = code;
    this.status = errorCatalog[code].status;
    this.details = details;
  }
}

/**
 * Row- and field-level problems found while validating one record. They are not thrown: they travel
 * with the record so that one bad row never stops the good ones.
 */
export const problemCatalog = {
  REQUIRED: 'a value is required',
  INVALID_TYPE: 'the value has the wrong type',
  INVALID_DATE: 'not an ISO 8601 date or date-time',
  DATE_IN_FUTURE: 'the date is in the future',
  DATE_TOO_OLD: 'the date is before 1990',
  LATITUDE_OUT_OF_RANGE: 'latitude must be between -90 and 90',
  LONGITUDE_OUT_OF_RANGE: 'longitude must be between -180 and 180',
  NULL_ISLAND: 'coordinates (0, 0) are a missing location, not a place',
  LOCATION_REQUIRED: 'latitude and longitude, or an address, ZIP, city or county, are required',
  LOCATION_APPROXIMATE: 'the location is approximate',
  PLACE_UNKNOWN: 'the bundled gazetteer knows no such place',
  LOCATION_UNPLACED: 'no point could be found for the record: it is kept and listed as unplaced',
  COORDINATE_PAIR_INCOMPLETE: 'latitude and longitude must be given together',
  OUT_OF_RANGE: 'the value is out of range',
  UNKNOWN_VALUE: 'the value is not in the controlled vocabulary (kept raw)',
  INVALID_UTF8: 'the text is not valid UTF-8',
  MIXED_ENCODING: 'the text mixes UTF-8 with another encoding',
  OUTSIDE_JURISDICTION: "the point lies outside every area of the jurisdiction's layers",
  RAGGED_ROW: 'the row has a different number of fields than the header',
  DUPLICATE_IN_BATCH: 'the same source record id appears earlier in this batch',
  TOO_LONG: 'the value is longer than allowed',
  NUL_CHARACTER: 'the text holds a NUL character (U+0000), which cannot be stored',
  INVALID_CODE: 'the value is not a code of the kind the field holds',
  NOT_AN_OVERDOSE_DEATH: 'the death may not be a drug overdose (kept, to be checked)',
  // NEMSIS XML records: the element is the problem's field, the PatientCareReport is named in its message
  NEMSIS_SCHEMA: 'the record does not follow the NEMSIS 3.5.1 XML Schema',
  NEMSIS_RULE: 'the record breaks a NEMSIS business rule',
  XML_RECORD_LIMIT: "the record's XML is deeper, longer or larger than the limits, so it was skipped unread",
} as const;

/** A code for a field-level problem. */
export type ProblemCode = keyof typeof problemCatalog;

/** One problem with one field of one record; `severity` 'flag' keeps the record, 'reject' quarantines it. */
export interface FieldProblem {
  field: string;
  code: ProblemCode;
  message: string;
  severity: 'reject' | 'flag';
}

/** Builds a field problem with the catalog message, optionally extended with specifics. */
export function problem(
  field: string,
  code: ProblemCode,
  severity: 'reject' | 'flag' = 'reject',
  detail?: string,
): FieldProblem {
  const base = problemCatalog[code];
  return { field, code, severity, message: detail ? `${base}: ${detail}` : base };
}
