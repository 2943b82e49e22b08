/** What a result is: a drug-checking service's test of a sample, or a lab-confirmed seizure. */
export const drugCheckKinds = ['drug_check', 'seizure'] as const;
/** A result's kind. */
export type DrugCheckKind = (typeof drugCheckKinds)[number];

/** How a sample was tested; a seizure's result is lab-confirmed, a service's never is. */
export const drugCheckMethods = [
  'test_strip',
  'ftir',
  'mass_spectrometry',
  'other',
  'lab_confirmed',
] as const;
/** A result's method. */
export type DrugCheckMethod = (typeof drugCheckMethods)[number];

/** The methods each kind may name. */
export const methodsOfKind: Record<DrugCheckKind, readonly DrugCheckMethod[]> = {
  drug_check: ['test_strip', 'ftir', 'mass_spectrometry', 'other'],
  seizure: ['lab_confirmed'],
};

/** An area of a layer. */
export interface AreaRef {
  layerId: string;
  areaId: string;
}

/** A result as stored: area and week only, never a day or a point. */
export interface DrugCheckResult {
  jurisdictionId: string;
  id: string;
  organizationId: string;
  sourceId: string;
  kind: DrugCheckKind;
  method: DrugCheckMethod;
  soldAs: string | null;
  substances: string[];
  unknownSubstances: string[];
  weekStart: string;
  areas: AreaRef[];
  contentHash: string;
}
