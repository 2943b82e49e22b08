/**
 * Recognizes the names senders give to fields that identify a person (name, birth date, address of
 * residence, phone, email, government and medical record numbers), whatever their spelling:
 * `First Name`, `firstName`, `PATIENT-ID` and `first_name` are read alike.
 */

/** Normalized names that identify a person on their own. */
const IDENTIFYING_NAMES = new Set([
  'name',
  'full_name',
  'first_name',
  'firstname',
  'given_name',
  'last_name',
  'lastname',
  'surname',
  'family_name',
  'middle_name',
  'maiden_name',
  'patient_name',
  'dob',
  'birth_date',
  'birthdate',
  'date_of_birth',
  'birthday',
  'street',
  'street_address',
  'home_address',
  'residence',
  'residential_address',
  'mailing_address',
  'zip_plus_4',
  'phone',
  'phone_number',
  'telephone',
  'mobile',
  'mobile_phone',
  'cell',
  'cell_phone',
  'email',
  'email_address',
  'ssn',
  'social_security',
  'social_security_number',
  'mrn',
  'medical_record_number',
  'medical_record',
  'patient_id',
  'patient_number',
  'driver_license',
  'drivers_license',
  'driver_license_number',
  'license_number',
  'passport',
  'passport_number',
  'medicaid_id',
  'medicare_id',
  'insurance_id',
  'member_id',
]);

/** Word parts that make any name identifying where they appear (`patient_ssn`, `residence_street`). */
const IDENTIFYING_PARTS = new Set(['ssn', 'dob', 'mrn', 'phone', 'email', 'surname', 'street']);

/**
 * Words that name only a coarse place. DESIGN's "address of residence" is the street address: the
 * city, county or state someone lives in is shared by thousands and names nobody on its own.
 */
const COARSE_PLACE_PARTS = new Set(['city', 'town', 'county', 'state', 'country', 'of']);

/** A field name as lower-case words joined by `_` (`firstName`, `First Name` → `first_name`). */
export function normalizeKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Whether a field of that name holds something that identifies a person. */
export function isIdentifyingKey(key: string): boolean {
  const normalized = normalizeKey(key);
  if (IDENTIFYING_NAMES.has(normalized)) return true;
  const parts = normalized.split('_');
  if (parts.some((part) => IDENTIFYING_PARTS.has(part))) return true;
  // Any other part of a residence (address, ZIP code, apartment) may lead to the person.
  return (
    parts.includes('residence') &&
    !parts.every((part) => part === 'residence' || COARSE_PLACE_PARTS.has(part))
  );
}
