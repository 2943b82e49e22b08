import { roleTier } from '../policy.js';
import type { Role } from '../roles.js';

/**
 * Whether a role owes a second factor where the jurisdiction requires them: every role that reads T2
 * or T3 data (CJIS and HIPAA expect it), and administrators, who can grant such roles to anyone.
 */
export function roleNeedsSecondFactor(role: Role): boolean {
  return role === 'administrator' || roleTier[role] === 'T2' || roleTier[role] === 'T3';
}

/** Whether a session's actor lacks a second factor its jurisdiction requires of its role. Pure. */
export function secondFactorMissing(input: {
  role: Role;
  jurisdictionRequiresMfa: boolean;
  secondFactorAt: Date | null;
}): boolean {
  return input.jurisdictionRequiresMfa && roleNeedsSecondFactor(input.role) && input.secondFactorAt === null;
}
