/**
 * Case definitions that a standards feed decides on its own evidence (diagnosis codes, medication
 * codes, a chief complaint), which the report's plain fields cannot show: the NEMSIS opioid overdose
 * definition, CDC's ED overdose syndromes, NCHS's opioid-involved death. The adapter that reads the
 * feed decides them and sends their ids in `source_definitions` (with its reasons in
 * `definition_reasons`); each id implies the catalog definitions (case-definitions.ts) it stands for,
 * so dashboards filter by one list whatever the source.
 */
export const standardDefinitions = [
  { id: 'nemsis_opioid', implies: ['opioid'], title: 'NEMSIS opioid overdose (May 2025 definition)' },
  { id: 'nemsis_naloxone', implies: [], title: 'NEMSIS: any naloxone administration (a broader proxy)' },
  { id: 'ed_all_drug', implies: [], title: 'ED syndrome: all drug overdose (CDC)' },
  { id: 'ed_opioid', implies: ['opioid'], title: 'ED syndrome: opioid overdose (CDC)' },
  { id: 'ed_heroin', implies: ['opioid', 'heroin'], title: 'ED syndrome: heroin overdose (CDC)' },
  { id: 'ed_fentanyl', implies: ['opioid', 'fentanyl'], title: 'ED syndrome: fentanyl overdose (CDC)' },
  { id: 'ed_stimulant', implies: ['stimulant'], title: 'ED syndrome: stimulant overdose (CDC)' },
  { id: 'nchs_opioid', implies: ['opioid'], title: 'NCHS: opioid-involved overdose death (ICD-10)' },
] as const;

/** The id of one standard definition. */
export type StandardDefinitionId = (typeof standardDefinitions)[number]['id'];

/** Every standard definition id, for the report field's vocabulary. */
export const standardDefinitionIds: readonly StandardDefinitionId[] = standardDefinitions.map((d) => d.id);

const byId = new Map<string, (typeof standardDefinitions)[number]>(standardDefinitions.map((d) => [d.id, d]));

/** The catalog definitions that some of the given standard definitions imply. */
export function impliedCaseDefinitions(ids: readonly string[]): Set<string> {
  const implied = new Set<string>();
  for (const id of ids) for (const c of byId.get(id)?.implies ?? []) implied.add(c);
  return implied;
}

/** Reads a list of standard definition ids (separated by `;` or `,`), case-insensitively; unknown ids apart. */
export function normalizeStandardDefinitions(input: string | null | undefined): {
  values: string[];
  unknown: string[];
} {
  const values: string[] = [];
  const unknown: string[] = [];
  for (const piece of (input ?? '').split(/[;,]/)) {
    const part = piece.trim();
    if (part === '') continue;
    const id = part.toLowerCase();
    if (byId.has(id)) {
      if (!values.includes(id)) values.push(id);
    } else if (!unknown.includes(part)) unknown.push(part);
  }
  return { values, unknown };
}
