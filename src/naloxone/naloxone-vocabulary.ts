/** Where kits were handed out (a distribution's `site_type`). */
export const distributionSiteTypes = [
  'vending_machine',
  'pharmacy',
  'outreach',
  'leave_behind',
  'jail_release',
  'library',
  'event',
  'other',
] as const;

/** One kind of distribution site. */
export type DistributionSiteType = (typeof distributionSiteTypes)[number];

/** What an access point is (vending machines report their stock). */
export const accessPointTypes = [
  'vending_machine',
  'pharmacy',
  'harm_reduction_program',
  'health_department',
  'library',
  'jail',
  'other',
] as const;

/** One kind of access point. */
export type AccessPointType = (typeof accessPointTypes)[number];

/** Weekdays as the directory's schedules write them (HSDS `byday`). */
export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** One weekly opening of an access point, in the jurisdiction's wall-clock time. */
export interface OpeningHours {
  byday: (typeof weekdays)[number][];
  opens_at: string;
  closes_at: string;
}
