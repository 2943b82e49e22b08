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
    message: 'Your jurisdiction requires a second factor for this: set one up under Account',
  },
  REAUTHENTICATION_REQUIRED: {
    status: 403,
    message: 'Confirm who you are again (password or second factor) before this',
  },
  // single sign-on (issue 17, sso)
  SSO_FAILED: { status: 401, message: 'Single sign-on did not sign you in' },
  BREAK_THE_GLASS_REQUIRED: {
    status: 403,
    message: 'Only an emergency read may open this record: break the glass with a reason',
  },
  // Multi-factor authentication (second factors)
  SECOND_FACTOR_INVALID: { status: 401, message: 'The code or passkey was not accepted' },
  SECOND_FACTOR_NOT_DUE: {
    status: 401,
    message: 'No sign-in awaits a second factor here: sign in with your password first',
  },
  LAST_SECOND_FACTOR: {
    status: 409,
    message: 'Your jurisdiction requires a second factor: add another before removing this one',
  },
  // People: users administration, invitations and own passwords
  INVITATION_INVALID: {
    status: 410,
    message:
      'This invitation link is not valid: it was used, has expired or was replaced by a newer one; ask your administrator to send it again',
  },
  LAST_ADMINISTRATOR: {
    status: 409,
    message: 'This would leave the jurisdiction without an active administrator',
  },
  MAIL_NOT_CONFIGURED: {
    status: 503,
    message: 'This server has no SMTP server to mail from (set SOS_SMTP_URL)',
  },
  INVITATION_NOT_MAILED: {
    status: 502,
    message: 'The user was invited but the invitation could not be mailed; send it again',
  },
  CURRENT_PASSWORD_WRONG: { status: 400, message: 'The current password is wrong' },
  PASSWORD_NOT_SET: {
    status: 409,
    message: 'This account has no password to change: it signs in through single sign-on',
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
  // Organizations and API keys (issue 17, orgs)
  API_KEY_ENDED: { status: 409, message: 'The API key was revoked or has expired' },
  API_KEY_REPLACED: {
    status: 409,
    message: 'The API key was already rotated: rotate the key that replaced it',
  },
  // Configuration and data model
  UNKNOWN_JURISDICTION: { status: 404, message: 'No jurisdiction by that id or short name' },
  UNKNOWN_ORGANIZATION: { status: 404, message: 'No organization by that id' },
  ENCRYPTION_KEY_MISSING: { status: 500, message: 'No encryption key is configured' },
  ENCRYPTION_KEY_UNKNOWN: { status: 500, message: 'The key that encrypted this record is not configured' },
  CONFIG_INVALID: { status: 500, message: 'The configuration is not valid' },
  // Audit (issue 17): checkpoints of the chain kept outside the database
  AUDIT_SIGNING_KEY_INVALID: { status: 500, message: 'The audit signing key file is not an Ed25519 key' },
  AUDIT_CHECKPOINT_INVALID: { status: 400, message: 'A checkpoint file line is not a signed checkpoint' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side' },
  // The embedded database's data directory and the command line
  DATA_DIR_LOCKED: { status: 503, message: 'Another process is using the data directory' },
  DATABASE_NOT_FOUND: { status: 503, message: 'There is no database in the data directory' },
  DATABASE_UNREADABLE: { status: 503, message: 'The embedded database could not be opened' },
  CLI_USAGE: { status: 400, message: 'The command line is not valid' },
  // Read replica (issue 19, replica)
  READ_REPLICA_NEEDS_POSTGRES: {
    status: 500,
    message:
      'DATABASE_READ_URL names a PostgreSQL read replica, which needs a PostgreSQL primary (DATABASE_URL)',
  },
  // Backups and key rotation (vault)
  BACKUP_KEY_MISSING: { status: 500, message: 'No backup key is configured' },
  BACKUP_KEY_WRONG: { status: 400, message: 'The backup was sealed with another backup key' },
  BACKUP_DAMAGED: {
    status: 400,
    message: 'The backup file is damaged or was altered: its authentication tag does not match',
  },
  BACKUP_UNKNOWN_MIGRATION: { status: 400, message: 'The backup comes from a schema this SOS does not know' },
  RESTORE_TARGET_NOT_EMPTY: {
    status: 409,
    message: 'The database to restore into already holds data (add --replace to overwrite it)',
  },
  RESTORE_TARGET_NEWER: {
    status: 409,
    message: "The database to restore into is at a later schema than the backup's: restore into an empty one",
  },
  KEY_ROTATION_ENV_KEYS: {
    status: 409,
    message: 'The encryption keys come from SOS_ENCRYPTION_KEYS: change the environment, not a key file',
  },
  KEY_ROTATION_RUNNING: { status: 409, message: 'A key rotation is already under way' },
  KEY_STILL_IN_USE: { status: 409, message: 'Rows are still sealed with this key: re-seal them first' },
  KEY_NOT_FOUND: { status: 404, message: 'No key with that id in the key file' },
  // Data exchange (issue 18, interop): ODMAP exports and push connectors
  INTEROP_DELIVERY_NOT_FAILED: {
    status: 409,
    message: 'Only a failed delivery is retried; a pending one is still being tried',
  },
  // Community alerts (issue 18, community)
  COMMUNITY_ALERTS_NO_AREAS: {
    status: 409,
    message: 'This jurisdiction has no areas to subscribe by yet (import a layer of towns first)',
  },
  COMMUNITY_CONFIRMATION_EXPIRED: { status: 410, message: 'This confirmation has expired: ask again' },
  SMS_SIGNATURE_INVALID: { status: 401, message: 'The inbound message is not signed with the shared secret' },
  COMMUNITY_ALERT_NOT_APPROVED: { status: 409, message: 'Only an approved community alert can be sent' },
  COMMUNITY_ALERT_SENT: { status: 409, message: 'This community alert was sent and can no longer change' },
  COMMUNITY_ALERT_VERSION_CHANGED: {
    status: 409,
    message: 'The wording changed since you read it: read the new version before approving',
  },
  // Sessions and re-authentication (issue 17)
  REAUTHENTICATION_FAILED: {
    status: 403,
    message: 'The password is not right: you were not re-authenticated',
  },
  // Announcements (issue 18, announce)
  ANNOUNCEMENT_TEMPLATE_INVALID: {
    status: 503,
    message: "This server's announcement templates are not valid: fix the language file named",
  },
  UNKNOWN_ANNOUNCEMENT_LANGUAGE: {
    status: 422,
    message: 'There are no announcement templates in that language',
  },
  UNKNOWN_ANNOUNCEMENT_AREA: {
    status: 422,
    message: 'No public area by that id: choose one the public figures show',
  },
  ANNOUNCEMENT_LINK_UNKNOWN: {
    status: 422,
    message: "A chosen link is not a naloxone or treatment service of the area's directory suggestions",
  },
  PNG_RENDERER_MISSING: {
    status: 503,
    message: 'This server has no Chromium to draw images with (set SOS_CHROMIUM); download the PDF instead',
  },
  // Public safety briefs (issue 18, psbrief)
  RESOURCE_NEED_AREA_TOO_SMALL: {
    status: 422,
    message: 'A resource-need handout is made only for areas of at least the public minimum population',
  },
  // Naloxone distribution and access points (issue 18)
  NALOXONE_NO_LAYER: {
    status: 409,
    message: 'The jurisdiction has no area layer to count naloxone by: import one first (sos layer import)',
  },
  NALOXONE_NOT_A_VENDING_MACHINE: {
    status: 409,
    message: 'Only a vending machine reports its stock',
  },
  NALOXONE_POINT_OUTSIDE: {
    status: 400,
    message: "The point lies outside every area of the jurisdiction's layer",
  },
  // Overdose Fatality Review (issue 18, ofr)
  FATALITY_REVIEW_EXISTS: { status: 409, message: 'This fatal overdose already has a review' },
  FATALITY_REVIEW_NOT_FATAL: {
    status: 409,
    message: 'A fatality review is opened only for an overdose recorded as fatal',
  },
  FATALITY_REVIEW_MEMBER_NOT_ELIGIBLE: {
    status: 409,
    message:
      'Only analysts, outreach coordinators and outreach oversight may be enrolled: a review reads identifiable records, which never reach public safety roles',
  },
  FATALITY_REVIEW_NOT_A_MEMBER: {
    status: 403,
    message: 'Only a member enrolled in this review may sign its confidentiality agreement',
  },
  FATALITY_REVIEW_AGREEMENT_OUTDATED: {
    status: 409,
    message:
      'The confidentiality agreement changed since it was shown: read the current version and sign again',
  },
  // Partitions by year and their archiving (issue 19, partition)
  PARTITION_NOT_FOUND: {
    status: 404,
    message: 'No partition of that year is attached (see: sos partitions list)',
  },
  PARTITION_NOT_DETACHED: {
    status: 409,
    message: 'No detached partition of that year is waiting to be attached (see: sos partitions list)',
  },
  PARTITION_IN_DETECTION_WINDOW: {
    status: 409,
    message: 'The year lies inside the detection window: its counts are still read by detection',
  },
  PARTITION_HOLDS_OPEN_CASES: {
    status: 409,
    message: 'Open outreach cases have overdoses in that year: close them before archiving it',
  },
  PARTITION_DEFAULT_HOLDS_ROWS: {
    status: 409,
    message:
      "Rows of that year were written while it was detached: they sit in the table's default partition",
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
  // fuzz (issue 17)
  UNCLOSED_QUOTE: 'a quoted field is never closed, so the rest of the file was read into it',
  DUPLICATE_IN_BATCH: 'the same source record id appears earlier in this batch',
  TOO_LONG: 'the value is longer than allowed',
  NUL_CHARACTER: 'the text holds a NUL character (U+0000), which cannot be stored',
  INVALID_CODE: 'the value is not a code of the kind the field holds',
  NOT_AN_OVERDOSE_DEATH: 'the death may not be a drug overdose (kept, to be checked)',
  // NEMSIS XML records: the element is the problem's field, the PatientCareReport is named in its message
  NEMSIS_SCHEMA: 'the record does not follow the NEMSIS 3.5.1 XML Schema',
  NEMSIS_RULE: 'the record breaks a NEMSIS business rule',
  XML_RECORD_LIMIT: "the record's XML is deeper, longer or larger than the limits, so it was skipped unread",
  // Drug checking (issue 18, drugcheck): a result names an area of the jurisdiction's layers
  AREA_UNKNOWN: 'the jurisdiction has no such layer or area',
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
