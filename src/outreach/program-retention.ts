import type { Queryable } from '../platform/database.js';
import { findPrograms } from './case-repository.js';

/** How long an outreach program keeps a closed case's identifying details, as the public may read it. */
export interface ProgramRetention {
  name: string;
  retentionDays: number;
}

/**
 * Each program's retention, for the public page "How your data is used" (publications): a
 * program's name and its retention are public facts of how data is kept, so no actor is asked and
 * nothing else of the program leaves.
 */
export async function programRetentions(db: Queryable, jurisdictionId: string): Promise<ProgramRetention[]> {
  return (await findPrograms(db, jurisdictionId)).map((p) => ({
    name: p.name,
    retentionDays: p.retentionDays,
  }));
}
