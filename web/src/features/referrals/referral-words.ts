import type { CapacityStatus, Handoff, ReferralStatus } from './referral-contract';

/** A referral's status in words. */
export const STATUS_WORDS: Record<ReferralStatus, string> = {
  requested: 'Requested',
  accepted: 'Accepted',
  rejected: 'Rejected',
  'in-progress': 'In progress',
  'on-hold': 'On hold',
  completed: 'Completed',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** A handoff in words. */
export const HANDOFF_WORDS: Record<Handoff, string> = {
  none: 'No handoff',
  warm_handoff: 'Warm handoff',
  transport: 'Transport',
};

/** A capacity status in words. */
export const CAPACITY_WORDS: Record<CapacityStatus, string> = {
  available: 'Available',
  limited: 'Limited',
  waitlist: 'Waitlist',
  full: 'Full',
  unknown: 'Unknown',
};

/** A day (or an instant's day) as people read it. */
export const dayOf = (iso: string) => new Date(iso).toLocaleDateString([], { dateStyle: 'medium' });
/** An instant as people read it. */
export const momentWords = (iso: string) =>
  new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
