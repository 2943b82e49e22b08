import type { Tier } from './roles.js';

/**
 * The record an action touches, described by what policies test: whose jurisdiction, organization
 * and program it is, who it is assigned to, and its data tier. Only the fields a record has are set.
 */
export interface Resource {
  /** What kind of record: `report`, `archived_report`, `person`, `outreach_case`... */
  type: string;
  /** The record's id, where one record is meant (break-the-glass is granted per record). */
  id?: string;
  jurisdictionId: string;
  organizationId?: string;
  programId?: string;
  /** The user the record is assigned to (an outreach case's worker). */
  assignedTo?: string;
  /** The users who may read a fatality review: its members with a signed confidentiality agreement. */
  reviewMembers?: readonly string[];
  tier?: Tier;
}
