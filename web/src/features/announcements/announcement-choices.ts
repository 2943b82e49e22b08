import type { JsonResponse } from '../../shared/api';

/** POST /api/v1/announcements/preview. */
export type AnnouncementPreview = JsonResponse<'/api/v1/announcements/preview', 'post'>;
/** An archived announcement (POST /api/v1/announcements). */
export type Announcement = JsonResponse<'/api/v1/announcements', 'post'>;

/** The audiences, as the builder names them. */
export const AUDIENCES = [
  ['community_group', 'Community group (precinct)'],
  ['school', 'School'],
  ['youth_program', 'Youth program (PAL, Boys and Girls Clubs)'],
] as const;
/** The reading levels, as the builder names them. */
export const LEVELS = [
  ['easy', 'Easy (about grade 5-6)'],
  ['standard', 'Standard (about grade 8-9)'],
] as const;
