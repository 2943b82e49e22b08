import { createHash } from 'node:crypto';
import { problem } from '../../../../platform/errors.js';
import { readCauseOfDeath } from '../../../standards/cause-of-death.js';
import { isOverdoseManner } from '../../../standards/manner-of-death.js';
import type { ImportPreset } from './import-preset.js';

// Toxicology columns of the Connecticut file and the substance each one stands for.
const SUBSTANCE_COLUMNS: Record<string, string> = {
  Heroin: 'heroin',
  Cocaine: 'cocaine',
  Fentanyl: 'fentanyl',
  'Fentanyl Analogue': 'fentanyl_analog',
  Oxycodone: 'oxycodone',
  Oxymorphone: 'oxymorphone',
  Ethanol: 'alcohol',
  Hydrocodone: 'hydrocodone',
  Benzodiazepine: 'benzodiazepine',
  Methadone: 'methadone',
  'Meth/Amphetamine': 'methamphetamine',
  Amphet: 'amphetamine',
  Tramad: 'tramadol',
  Hydromorphone: 'hydromorphone',
  'Morphine (Not Heroin)': 'morphine',
  Xylazine: 'xylazine',
  Gabapentin: 'gabapentin',
  'Opiate NOS': 'opiate_nos',
  'Heroin/Morph/Codeine': 'opiate_nos',
  'Any Opioid': 'any_opioid',
};
// Columns that hold either Y or the name of the substance found.
const NAMED_SUBSTANCE_COLUMNS: Record<string, string> = { 'Other Opioid': 'other_opioid', Other: 'other' };
// The statements read for the substances they name (the file's header has the trailing space).
const CAUSE = 'Cause of Death';
const OTHER_CONDITIONS = 'Other Significant Conditions ';
const MANNER = 'Manner of Death';

const CITY_GEO = /^(.*)\n\((-?\d+(?:\.\d+)?),\s*(-?\d+(?:\.\d+)?)\)$/s;

/** A "CITY, CT\n(lat, lon)" cell; null when empty or when it names only the state (its centroid). */
function cityPoint(cell: string | undefined): { lat: string; lon: string } | null {
  const match = CITY_GEO.exec(cell?.trim() ?? '');
  if (!match || !(match[1] as string).includes(',')) return null;
  return { lat: match[2] as string, lon: match[3] as string };
}

/** MM/DD/YYYY to YYYY-MM-DD; anything else is passed on as it is, for validation to reject. */
function isoDate(us: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(us.trim());
  return m ? `${m[3]}-${(m[1] as string).padStart(2, '0')}-${(m[2] as string).padStart(2, '0')}` : us;
}

/** The columns every OCME file has. */
const REQUIRED = ['Date', 'Age', 'Sex', 'Race', 'InjuryCityGeo', 'DeathCityGeo', 'ResidenceCityGeo'];

/**
 * Connecticut OCME accidental drug-related deaths. The file has no record ids, so a row's id is a
 * hash of its content, numbered when identical rows repeat: the same file imported twice, or sorted
 * differently, yields the same ids. Substances are the toxicology flags and those the cause-of-death
 * statements name. Location is the injury city's centroid, else the death city's,
 * else the residence city's (flagged); a row with only the state's centroid has no usable location.
 */
export const ctOcmePreset: ImportPreset = {
  name: 'ct-ocme',
  description: 'Connecticut OCME accidental drug related deaths (data.ct.gov)',
  requiredColumns: REQUIRED,
  columns: [
    ...REQUIRED,
    'Ethnicity',
    ...Object.keys(SUBSTANCE_COLUMNS),
    ...Object.keys(NAMED_SUBSTANCE_COLUMNS),
    CAUSE,
    OTHER_CONDITIONS,
    MANNER,
  ],
  sourceType: 'medical_examiner',
  begin: () => {
    const seen = new Map<string, number>();
    return (row) => {
      const digest = createHash('sha256')
        .update(JSON.stringify(Object.values(row)))
        .digest('hex')
        .slice(0, 24);
      const occurrence = (seen.get(digest) ?? 0) + 1;
      seen.set(digest, occurrence);
      const problems = [];
      let point = cityPoint(row.InjuryCityGeo) ?? cityPoint(row.DeathCityGeo);
      if (!point) {
        point = cityPoint(row.ResidenceCityGeo);
        if (point)
          problems.push(
            problem(
              'latitude',
              'LOCATION_APPROXIMATE',
              'flag',
              'no injury or death city; the residence city is used',
            ),
          );
      }
      const substances = Object.entries(SUBSTANCE_COLUMNS)
        .filter(([column]) => (row[column]?.trim().toUpperCase() ?? '').startsWith('Y'))
        .map(([, code]) => code);
      for (const [column, code] of Object.entries(NAMED_SUBSTANCE_COLUMNS)) {
        const cell = row[column]?.trim() ?? '';
        if (cell.toUpperCase() === 'Y') substances.push(code);
        else if (cell && cell.toUpperCase() !== 'N') substances.push(...cell.split(','));
      }
      // The flags miss drugs the statements name (and the other way round): the substances are both.
      const statement = `${row[CAUSE] ?? ''}; ${row[OTHER_CONDITIONS] ?? ''}`;
      for (const code of readCauseOfDeath(statement).substances)
        if (!substances.includes(code)) substances.push(code);
      const manner = row[MANNER] ?? '';
      if (!isOverdoseManner(manner)) {
        problems.push(problem(MANNER, 'NOT_AN_OVERDOSE_DEATH', 'flag', `manner "${manner.trim()}"`));
      }
      return {
        problems,
        fields: {
          source_record_id: `ct-${digest}-${occurrence}`,
          source_type: 'medical_examiner',
          occurred_at: isoDate(row.Date ?? ''),
          latitude: point?.lat ?? '',
          longitude: point?.lon ?? '',
          fatal: 'true',
          age: row.Age ?? '',
          sex: row.Sex ?? '',
          race: row.Race ?? '',
          ethnicity: row.Ethnicity ?? '',
          substances: substances.join(';'),
          disposition: 'deceased',
        },
      };
    };
  },
};
