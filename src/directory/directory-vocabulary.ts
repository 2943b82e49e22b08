/** Medications for opioid use disorder a service offers. */
export const moudMedications = ['buprenorphine', 'methadone', 'naltrexone'] as const;
export type MoudMedication = (typeof moudMedications)[number];

/** A service's capacity today, as its provider last said. */
export const capacityStatuses = ['available', 'limited', 'waitlist', 'full', 'unknown'] as const;
export type CapacityStatus = (typeof capacityStatuses)[number];

/** Ways of paying a service accepts. */
export const insuranceKinds = [
  'medicaid',
  'medicare',
  'private',
  'uninsured',
  'sliding_scale',
  'free',
] as const;
export type InsuranceKind = (typeof insuranceKinds)[number];
