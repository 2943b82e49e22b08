import { readChiefComplaint } from './chief-complaint.js';
import { readDiagnosisCodes } from './diagnosis-codes.js';
import { type DrugClass, type EdDefinitionId, edDefinitionIds } from './ed-syndromes.v1.js';

/** What an ED visit says for the syndromes: its chief complaint and its discharge diagnosis codes. */
export interface EdVisit {
  chiefComplaint: string | null;
  diagnosisCodes: string[];
}

/** The syndromes a visit meets, each with the rule that fired, and the substances named. */
export interface EdClassification {
  /** In the order all_drug, opioid, heroin, fentanyl, stimulant. */
  definitions: EdDefinitionId[];
  /** For each definition met, the rule that fired, in words. */
  why: Partial<Record<EdDefinitionId, string>>;
  /** Substance codes from the codes and the terms that counted (vocabulary/substances.ts). */
  substances: string[];
}

// The drug classes of a chief complaint term that count for each definition.
const CLASSES: Record<EdDefinitionId, readonly DrugClass[]> = {
  all_drug: ['heroin', 'fentanyl', 'opioid', 'stimulant', 'drug'],
  opioid: ['heroin', 'fentanyl', 'opioid'],
  heroin: ['heroin'],
  fentanyl: ['fentanyl'],
  stimulant: ['stimulant'],
};

/**
 * Classifies one ED visit by CDC's overdose syndromes (ed-syndromes.v1.ts): a counted diagnosis code
 * decides on its own; otherwise the chief complaint needs an overdose term (or naloxone given, or a
 * poisoning code) and a drug term of the definition's class, none taken back. "Overdose" named with
 * no drug but alcohol is not a drug overdose; naloxone given is an opioid overdose. Pure.
 */
export function classifyVisit(visit: EdVisit): EdClassification {
  const why: Partial<Record<EdDefinitionId, string>> = {};
  const substances = new Set<string>();
  const codes = readDiagnosisCodes(visit.diagnosisCodes);
  for (const finding of codes.findings) {
    for (const id of finding.definitions) why[id] ??= `diagnosis code ${finding.code} (${finding.label})`;
    for (const s of finding.substances) substances.add(s);
  }
  const text = visit.chiefComplaint?.trim() ?? '';
  if (text !== '') {
    const cc = readChiefComplaint(text);
    const drugs = cc.drugs.filter((d) => !d.classes.includes('alcohol'));
    const evidence =
      drugs.length === 0 && codes.stimulantNamed === null
        ? null
        : cc.overdoseTerm !== null
          ? `overdose term "${cc.overdoseTerm}"`
          : cc.naloxone !== null
            ? `naloxone "${cc.naloxone}"`
            : codes.findings[0]
              ? `diagnosis code ${codes.findings[0].code}`
              : null;
    if (evidence !== null) {
      for (const id of edDefinitionIds) {
        if (why[id]) continue;
        const term = drugs.find((d) => d.classes.some((c) => CLASSES[id].includes(c)));
        if (term)
          why[id] = `chief complaint: ${evidence} and ${id === 'all_drug' ? 'drug' : id} term "${term.text}"`;
      }
      if (!why.stimulant && codes.stimulantNamed && (cc.overdoseTerm || codes.findings.length > 0)) {
        why.stimulant = `chief complaint: ${evidence} and stimulant intoxication code ${codes.stimulantNamed}`;
        why.all_drug ??= why.stimulant;
        substances.add('other_stimulant');
      }
    }
    const alcoholOnly = drugs.length === 0 && cc.drugs.length > 0;
    if (!why.all_drug && cc.mention && !alcoholOnly)
      why.all_drug = `chief complaint: overdose named ("${cc.mention}")`;
    if (cc.naloxone) {
      why.all_drug ??= `chief complaint: naloxone given ("${cc.naloxone}")`;
      why.opioid ??= `chief complaint: naloxone given ("${cc.naloxone}")`;
    }
    if (why.all_drug) {
      for (const d of drugs) for (const s of d.substances) if (s !== 'other') substances.add(s);
    }
  }
  const definitions = edDefinitionIds.filter((id) => why[id] !== undefined);
  return { definitions, why, substances: [...substances] };
}
