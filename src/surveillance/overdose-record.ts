import type { LocationPrecision } from '../geocoding/location-precision.js';
import type { AreaAssignment } from './area-locator.js';

/** An overdose row as written by intake. */
export interface OverdoseRecord {
  id: string;
  occurredAt: Date;
  occurredDate: string;
  timeKnown: boolean;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  h3R7: string | null;
  h3R9: string | null;
  fatal: boolean | null;
  naloxoneGiven: boolean | null;
  naloxoneDoses: number | null;
  naloxoneResponse: string | null;
  age: number | null;
  ageBand: string | null;
  sex: string | null;
  race: string | null;
  ethnicity: string | null;
  substances: string[];
  disposition: string | null;
  sourceTypes: string[];
  caseDefinitions: string[];
  reportCount: number;
  /** Settled across overdoses after intake writes; a new overdose starts 'unidentified'. */
  repeatStatus: string;
  /** How exactly its point is known: that of its best-placed report (hot spots use only exact points). */
  locationPrecision: LocationPrecision;
  areas: AreaAssignment[];
}
