/**
 * NCHS's drug overdose death and opioid-involved overdose death, from the ICD-10 codes of a death
 * record (National Vital Statistics System): a drug overdose death has the underlying cause X40-X44
 * (unintentional), X60-X64 (suicide), X85 (homicide) or Y10-Y14 (undetermined intent); it involves
 * opioids when any multiple cause is T40.0-T40.4 or T40.6 (opium, heroin, natural and semisynthetic
 * opioids, methadone, synthetic opioids, other and unspecified narcotics).
 */

/** The intent of a drug overdose death, by its underlying cause. */
export type OverdoseIntent = 'unintentional' | 'suicide' | 'homicide' | 'undetermined';

/** What the NCHS definitions say of one death, with the codes that decided it. */
export interface NchsVerdict {
  /** The underlying cause is a drug poisoning (X40-X44, X60-X64, X85, Y10-Y14). */
  drugOverdose: boolean;
  /** The intent the underlying cause codes; null when it is no drug poisoning. */
  intent: OverdoseIntent | null;
  /** A drug overdose death with an opioid among its multiple causes. */
  opioidInvolved: boolean;
  /** The underlying cause as read (`X42`), or null when missing or unreadable. */
  underlying: string | null;
  /** The multiple causes of T40.0-T40.4 or T40.6 (as `T40.4`), in the order given, once each. */
  opioidCodes: string[];
  /** Codes that are no ICD-10 code, as given, for the caller to flag. */
  unreadable: string[];
}

const underlyingRanges: readonly { letter: string; from: number; to: number; intent: OverdoseIntent }[] = [
  { letter: 'X', from: 40, to: 44, intent: 'unintentional' },
  { letter: 'X', from: 60, to: 64, intent: 'suicide' },
  { letter: 'X', from: 85, to: 85, intent: 'homicide' },
  { letter: 'Y', from: 10, to: 14, intent: 'undetermined' },
];
const opioidSubcategories: ReadonlySet<string> = new Set([
  'T40.0',
  'T40.1',
  'T40.2',
  'T40.3',
  'T40.4',
  'T40.6',
]);

// A letter, two digits, then up to five more characters with or without the dot (T40.4, T404, T40.411A).
const icd10 = /^([A-Z])(\d{2})\.?([0-9A-Z]{0,5})$/;

/**
 * An ICD-10 code as `X42` or `T40.4` (category and first subcategory character: mortality codes have
 * no more, and ICD-10-CM's extra characters do not change the subcategory); null if it is none.
 */
export function readIcd10Code(text: string): string | null {
  const match = icd10.exec(text.trim().toUpperCase().replace(/\s+/g, ''));
  if (!match) return null;
  const [, letter, digits, rest] = match as unknown as [string, string, string, string];
  return rest === '' ? `${letter}${digits}` : `${letter}${digits}.${rest[0]}`;
}

/** The intent of an underlying cause that is a drug poisoning, or null (whatever the place character, X42.0). */
function overdoseIntent(code: string): OverdoseIntent | null {
  const letter = code[0];
  const number = Number(code.slice(1, 3));
  return (
    underlyingRanges.find((r) => r.letter === letter && number >= r.from && number <= r.to)?.intent ?? null
  );
}

/** Decides NCHS's drug overdose death and opioid involvement from the underlying and multiple causes. */
export function classifyNchsDeath(codes: {
  underlying: string | null;
  multiple: readonly string[];
}): NchsVerdict {
  const unreadable: string[] = [];
  const read = (text: string): string | null => {
    const code = readIcd10Code(text);
    if (code === null && text.trim() !== '') unreadable.push(text);
    return code;
  };
  const underlying = codes.underlying === null ? null : read(codes.underlying);
  const intent = underlying === null ? null : overdoseIntent(underlying);
  const opioidCodes: string[] = [];
  for (const text of codes.multiple) {
    const code = read(text);
    if (code !== null && opioidSubcategories.has(code) && !opioidCodes.includes(code)) opioidCodes.push(code);
  }
  const drugOverdose = intent !== null;
  return {
    drugOverdose,
    intent,
    opioidInvolved: drugOverdose && opioidCodes.length > 0,
    underlying,
    opioidCodes,
    unreadable,
  };
}

/** The `definition_reasons` entry of an opioid-involved death ("nchs_opioid: X42 with T40.1, T40.4"), else null. */
export function nchsOpioidReason(verdict: NchsVerdict): string | null {
  if (!verdict.opioidInvolved) return null;
  return `nchs_opioid: ${verdict.underlying} with ${verdict.opioidCodes.join(', ')}`;
}
