import type { Tier } from '../access/roles.js';
import {
  ageBands,
  dispositions,
  ethnicities,
  naloxoneResponses,
  normalizeDisposition,
  normalizeEthnicity,
  normalizeNaloxoneResponse,
  normalizeRace,
  normalizeSex,
  normalizeSourceType,
  normalizeStandardDefinitions,
  normalizeSubstances,
  races,
  sexes,
  sourceTypes,
  standardDefinitionIds,
  substances,
} from './vocabulary/index.js';

/**
 * What a field's value is, which decides how it is read and what the JSON API accepts for it:
 * `text`; `number` (a number or its text); `boolean` (true/false or yes/no/1/0 text); `date-time`
 * (ISO 8601, read in the jurisdiction's zone); `code` (one code of a vocabulary, raw value kept);
 * `codes` (a list, or text separated by `;`); `age` (a number or text, read with the age band).
 */
export type ReportFieldType = 'text' | 'number' | 'boolean' | 'date-time' | 'code' | 'codes' | 'age';

/** The properties of a parsed report that hold the value of one report field. */
export type ReportProperty =
  | 'sourceRecordId'
  | 'sourceType'
  | 'occurredAt'
  | 'latitude'
  | 'longitude'
  | 'address'
  | 'zip'
  | 'city'
  | 'countyFips'
  | 'fatal'
  | 'naloxoneGiven'
  | 'naloxoneDoses'
  | 'naloxoneResponse'
  | 'age'
  | 'ageBand'
  | 'sex'
  | 'race'
  | 'ethnicity'
  | 'substances'
  | 'disposition'
  | 'narrative'
  | 'respondingUnit'
  | 'sourceDefinitions'
  | 'definitionReasons';

/** One field of a report, as every intake channel, the storage and the presenters know it. */
export interface ReportField {
  /** Its name as received: the JSON API key, the generic CSV column, the `field` of its problems. */
  name: string;
  type: ReportFieldType;
  /** A report without it is rejected (REQUIRED). */
  required: boolean;
  /** The codes of its controlled vocabulary, for `code` and `codes` fields and the age band. */
  codes?: readonly string[];
  /** Maps a raw value to its code, flagging what it cannot map (for `code` fields). */
  normalize?: (raw: string) => { value: string | null; known: boolean };
  /** Reads a `codes` field's text (separated by `;`) into its codes, the unknown parts apart. */
  normalizeList?: (raw: string) => { values: string[]; unknown: string[] };
  /** Most characters its text may have, where less than the general limit. */
  maxLength?: number;
  /** Inclusive bounds of a `number` field checked on its own (coordinates are checked as a location). */
  wholeNumberRange?: readonly [number, number];
  /**
   * The lowest tier that may see its value on a single record: T2 for the de-identified facts that
   * line-level lists show, T3 for free text and street addresses that may name or place a person.
   */
  tier: Tier;
  /** Where its value is stored: the property of the parsed report, which is its key in `reports.parsed`. */
  property: ReportProperty;
  /** The columns of an overdose it feeds (none: kept only on the report). */
  overdoseColumns: readonly string[];
  /** What the API documentation says about it. */
  description?: string;
}

const fields = [
  {
    name: 'source_record_id',
    type: 'text',
    required: true,
    maxLength: 200,
    tier: 'T2',
    property: 'sourceRecordId',
    overdoseColumns: [],
    description: "The sender's own id for the record; resending it is idempotent",
  },
  {
    name: 'source_type',
    type: 'code',
    required: false,
    codes: sourceTypes,
    normalize: normalizeSourceType,
    tier: 'T2',
    property: 'sourceType',
    overdoseColumns: ['source_types'],
    description: "Defaults to the organization's type",
  },
  {
    name: 'occurred_at',
    type: 'date-time',
    required: true,
    tier: 'T2',
    property: 'occurredAt',
    overdoseColumns: ['occurred_at', 'occurred_date', 'time_known'],
    description: 'ISO 8601 date-time, or a date alone; no offset means local time',
  },
  {
    name: 'latitude',
    type: 'number',
    required: false,
    tier: 'T2',
    property: 'latitude',
    overdoseColumns: ['latitude'],
  },
  {
    name: 'longitude',
    type: 'number',
    required: false,
    tier: 'T2',
    property: 'longitude',
    overdoseColumns: ['longitude'],
  },
  {
    name: 'address',
    type: 'text',
    required: false,
    tier: 'T3',
    property: 'address',
    overdoseColumns: ['address'],
    description: 'Used when there are no coordinates',
  },
  {
    name: 'zip',
    type: 'text',
    required: false,
    maxLength: 10,
    tier: 'T2',
    // Where the overdose happened when no point is known: geocoding places it at the ZIP's centroid.
    property: 'zip',
    overdoseColumns: [],
    description: 'ZIP code of the incident (5 digits, or ZIP+4)',
  },
  {
    name: 'city',
    type: 'text',
    required: false,
    maxLength: 100,
    tier: 'T2',
    property: 'city',
    overdoseColumns: [],
    description: 'City or town of the incident, for geocoding when no point is known',
  },
  {
    name: 'county_fips',
    type: 'text',
    required: false,
    maxLength: 5,
    tier: 'T2',
    property: 'countyFips',
    overdoseColumns: [],
    description: 'County of the incident as a 5-digit FIPS code',
  },
  {
    name: 'fatal',
    type: 'boolean',
    required: false,
    tier: 'T2',
    property: 'fatal',
    overdoseColumns: ['fatal'],
  },
  {
    name: 'naloxone_given',
    type: 'boolean',
    required: false,
    tier: 'T2',
    property: 'naloxoneGiven',
    overdoseColumns: ['naloxone_given'],
  },
  {
    name: 'naloxone_doses',
    type: 'number',
    required: false,
    wholeNumberRange: [0, 20],
    tier: 'T2',
    property: 'naloxoneDoses',
    overdoseColumns: ['naloxone_doses'],
  },
  {
    name: 'naloxone_response',
    type: 'code',
    required: false,
    codes: naloxoneResponses,
    normalize: normalizeNaloxoneResponse,
    tier: 'T2',
    property: 'naloxoneResponse',
    overdoseColumns: ['naloxone_response'],
  },
  {
    name: 'age',
    type: 'age',
    required: false,
    tier: 'T2',
    property: 'age',
    overdoseColumns: ['age'],
  },
  {
    name: 'age_band',
    type: 'text',
    required: false,
    codes: ageBands,
    tier: 'T2',
    property: 'ageBand',
    overdoseColumns: ['age_band'],
  },
  {
    name: 'sex',
    type: 'code',
    required: false,
    codes: sexes,
    normalize: normalizeSex,
    tier: 'T2',
    property: 'sex',
    overdoseColumns: ['sex'],
  },
  {
    name: 'race',
    type: 'code',
    required: false,
    codes: races,
    normalize: normalizeRace,
    tier: 'T2',
    property: 'race',
    overdoseColumns: ['race'],
  },
  {
    name: 'ethnicity',
    type: 'code',
    required: false,
    codes: ethnicities,
    normalize: normalizeEthnicity,
    tier: 'T2',
    property: 'ethnicity',
    overdoseColumns: ['ethnicity'],
  },
  {
    name: 'substances',
    type: 'codes',
    required: false,
    codes: substances,
    normalizeList: normalizeSubstances,
    tier: 'T2',
    property: 'substances',
    overdoseColumns: ['substances'],
    description: 'A list, or text separated by ;',
  },
  {
    name: 'disposition',
    type: 'code',
    required: false,
    codes: dispositions,
    normalize: normalizeDisposition,
    tier: 'T2',
    property: 'disposition',
    overdoseColumns: ['disposition'],
  },
  {
    name: 'narrative',
    type: 'text',
    required: false,
    tier: 'T3',
    // Kept in the raw payload only: the stored parsed report leaves it out (overdose-facts.ts).
    property: 'narrative',
    overdoseColumns: [],
  },
  {
    name: 'responding_unit',
    type: 'text',
    required: false,
    maxLength: 100,
    tier: 'T2',
    // Kept on the report only: responders read it by overdose to prompt a unit's supervisor after a hard scene.
    property: 'respondingUnit',
    overdoseColumns: [],
    description:
      "The responding unit's code as the organization names it (an engine, a medic unit, a patrol)",
  },
  {
    name: 'source_definitions',
    type: 'codes',
    required: false,
    codes: standardDefinitionIds,
    normalizeList: normalizeStandardDefinitions,
    tier: 'T2',
    // Feeds the overdose's case definitions through the catalog definitions each one implies.
    property: 'sourceDefinitions',
    overdoseColumns: ['case_definitions'],
    description:
      'Standard case definitions the sender decided from evidence the other fields cannot carry (NEMSIS, ED syndromes, NCHS): a list, or text separated by ;',
  },
  {
    name: 'definition_reasons',
    type: 'text',
    required: false,
    maxLength: 2000,
    tier: 'T2',
    // Kept on the report: why each standard definition was met (the codes and elements that fired).
    property: 'definitionReasons',
    overdoseColumns: [],
    description: 'Why each of source_definitions holds, e.g. "nemsis_opioid: eSituation.11 F11.120"',
  },
] as const satisfies readonly ReportField[];

/**
 * The fields of one report, in the order of the `generic` CSV columns. Adding a field here adds it
 * to the JSON API's schema, the generic CSV, the keys kept in the raw payload, the validation, the
 * stored parsed report and (by its tier) what line-level lists may show; a field read in a new way
 * needs its type's reader in report-validation.ts.
 */
export const reportFields: readonly ReportField[] = fields;

/** The name of one report field. */
export type ReportFieldName = (typeof fields)[number]['name'];

/** The fields of one report, named as in the `generic` CSV and the JSON API. */
export const reportFieldNames: readonly ReportFieldName[] = fields.map((f) => f.name);

/** The key of a JSON report that carries the identifying details of the person (sealed, T3). */
export const personKey = 'person';

/** The keys of a JSON or form report that intake reads: the report fields and the person. */
export const reportKeys: ReadonlySet<string> = new Set([...reportFieldNames, personKey]);

/** Report field names to the parsed report's properties, where they differ. */
export const propertyOfField: Readonly<Record<string, ReportProperty>> = Object.fromEntries(
  reportFields.filter((f) => f.property !== f.name).map((f) => [f.name, f.property]),
);

/** The overdose columns fed by report fields that line-level lists may show (tier T2). */
export const lineLevelReportColumns: readonly string[] = reportFields
  .filter((f) => f.tier === 'T2')
  .flatMap((f) => f.overdoseColumns);
