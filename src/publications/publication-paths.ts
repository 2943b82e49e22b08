import type { MovedPrefix } from '../platform/http/deprecated-alias.js';

/** The day publications left /api/v1/reports ("report" now means an intake report only). */
const since = new Date('2026-12-06T00:00:00Z');

/** Weekly reports made by hand, and what a user may make. */
export const WEEKLY_PATHS: MovedPrefix = {
  current: '/api/v1/publications/weekly',
  deprecated: '/api/v1/reports/weekly',
  since,
};

/** The archive of weekly reports made. */
export const ARCHIVE_PATHS: MovedPrefix = {
  current: '/api/v1/publications/archive',
  deprecated: '/api/v1/reports/archive',
  since,
};

/** The weekly report schedules. */
export const SCHEDULE_PATHS: MovedPrefix = {
  current: '/api/v1/publications/schedules',
  deprecated: '/api/v1/report-schedules',
  since,
};

/** The publication settings (the internal report domains). */
export const SETTINGS_PATHS: MovedPrefix = {
  current: '/api/v1/publications/settings',
  deprecated: '/api/v1/report-settings',
  since,
};
