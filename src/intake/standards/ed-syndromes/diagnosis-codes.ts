import {
  type CodeRule,
  countedIntents,
  type EdDefinitionId,
  opioidIntoxicationCode,
  poisoningCategories,
  poisoningCodeRules,
  stimulantIntoxicationCode,
} from './ed-syndromes.v1.js';

/** One diagnosis code that counts, with the definitions it decides on its own. */
export interface CodeFinding {
  /** The code as it was written. */
  code: string;
  label: string;
  definitions: readonly EdDefinitionId[];
  substances: readonly string[];
}

/** What a visit's diagnosis codes say. */
export interface DiagnosisReading {
  /** Codes that decide definitions on their own (poisoning, F11 with intoxication). */
  findings: CodeFinding[];
  /** F14/F15 with intoxication: a stimulant named, an overdose only with an overdose term. */
  stimulantNamed: string | null;
}

const INTENT: Record<string, string> = { '1': 'accidental', '4': 'undetermined' };

/**
 * A T36-T50 poisoning code of unintentional or undetermined intent at the initial encounter, read
 * without its dot: T401X1A, T40411A, T42.71XA (the intent is the 6th character, or the 5th when the
 * 6th is the placeholder X). Null for anything else (adverse effect, underdosing, intentional,
 * assault, a subsequent encounter or sequela, a code cut short).
 */
function poisoning(code: string, written: string): CodeFinding | null {
  if (code.length !== 7 || code[0] !== 'T' || code[6] !== 'A') return null;
  const category = Number(code.slice(1, 3));
  if (!(category >= poisoningCategories.first && category <= poisoningCategories.last)) return null;
  const intent = code[5] === 'X' ? code[4] : code[5];
  if (intent === undefined || !countedIntents.has(intent)) return null;
  const rule: CodeRule | undefined = poisoningCodeRules.find((r) => code.startsWith(r.prefix));
  const label = rule?.label ?? 'drug poisoning';
  return {
    code: written,
    label: `${label}, ${INTENT[intent]}`,
    definitions: ['all_drug', ...(rule?.definitions ?? [])],
    substances: rule?.substances ?? [],
  };
}

/** Reads a visit's diagnosis codes (ICD-10-CM, with or without dots, any case). Pure. */
export function readDiagnosisCodes(codes: readonly string[]): DiagnosisReading {
  const reading: DiagnosisReading = { findings: [], stimulantNamed: null };
  for (const written of codes) {
    const code = written.replace(/[.\s]/g, '').toUpperCase();
    if (code.length < 4) continue;
    const found = poisoning(code, written.trim());
    if (found) reading.findings.push(found);
    else if (opioidIntoxicationCode.test(code))
      reading.findings.push({
        code: written.trim(),
        label: 'opioid use with intoxication',
        definitions: ['all_drug', 'opioid'],
        substances: ['any_opioid'],
      });
    else if (stimulantIntoxicationCode.test(code)) reading.stimulantNamed ??= written.trim();
  }
  return reading;
}
