/**
 * Controlled vocabularies for intake: each normalizer maps a raw source value to a code, keeps the raw
 * value beside it and flags what it cannot map. The code lists are shared with the database and the API.
 */
export {
  type AgeBand,
  ageBandContains,
  ageBandOf,
  ageBands,
  coarsenAgeBand,
  fiveYearAgeBands,
  maxAge,
  type NormalizedAge,
  normalizeAge,
  topCodedAgeBands,
} from './age.js';
export { type Disposition, dispositions, normalizeDisposition } from './disposition.js';
export { type Ethnicity, ethnicities, normalizeEthnicity } from './ethnicity.js';
export { type FlexibleBoolean, parseFlexibleBoolean } from './flexible-boolean.js';
export { type NaloxoneResponse, naloxoneResponses, normalizeNaloxoneResponse } from './naloxone-response.js';
export { type Normalized, type RawInput, vocabularyKey } from './normalized.js';
export { normalizeRace, type Race, races } from './race.js';
export { normalizeSex, type Sex, sexes } from './sex.js';
export {
  normalizeSourceType,
  type OrganizationType,
  organizationTypes,
  type SourceType,
  sourceTypes,
} from './source-type.js';
export {
  impliedCaseDefinitions,
  normalizeStandardDefinitions,
  type StandardDefinitionId,
  standardDefinitionIds,
  standardDefinitions,
} from './standard-definitions.js';
export {
  isOpioid,
  isStimulant,
  type NormalizedSubstances,
  normalizeSubstances,
  opioidSubstances,
  type Substance,
  stimulantSubstances,
  substances,
} from './substances.js';
