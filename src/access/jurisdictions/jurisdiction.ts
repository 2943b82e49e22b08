/** A jurisdiction as the services use it. */
export interface Jurisdiction {
  id: string;
  shortName: string;
  name: string;
  timeZone: string;
  parentId: string | null;
  population: number | null;
}

/** An organization inside a jurisdiction. */
export interface Organization {
  jurisdictionId: string;
  id: string;
  name: string;
  type: string;
  /** Its intake profile: extra keys of its records that a report's raw payload may keep (none when absent). */
  allowedRawKeys?: readonly string[];
  /** Whom to call there (none when absent). */
  contacts?: readonly OrganizationContact[];
}

/** A person to call at an organization: staff, not a survivor. */
export interface OrganizationContact {
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
}

/** How a jurisdiction protects what it publishes: k per audience and the smallest public area. */
export interface PublicationSettings {
  /** Public counts of 1..k−1 are suppressed (default 10). */
  k: number;
  /** Partner reports' k (default 1: partners see every count, as on their dashboard). */
  partnerK: number;
  /** Public areas hold at least this many residents (default 20,000). */
  minPopulation: number;
}
