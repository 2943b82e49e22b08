import { SosError } from '../../platform/errors.js';
import { isValidTimeZone } from '../../platform/time-zones.js';
import {
  defaultLifetimes,
  type LifetimeGroup,
  type LifetimeOverrides,
  lifetimeGroups,
} from '../sessions/session-lifetime.js';

/** What an administrator sets for the jurisdiction on the settings page. */
export interface JurisdictionSettings {
  id: string;
  shortName: string;
  name: string;
  timeZone: string;
  publicK: number;
  partnerK: number;
  publicMinPopulation: number;
  mfaRequired: boolean;
  privacyContactEmail: string | null;
  sessionLifetimes: LifetimeOverrides;
}

/** A change to the settings: each field left out stays; a lifetime set to null goes back to the default. */
export interface SettingsChange {
  time_zone?: string;
  public_k?: number;
  partner_k?: number;
  public_min_population?: number;
  mfa_required?: boolean;
  privacy_contact_email?: string | null;
  session_lifetimes?: Partial<
    Record<LifetimeGroup, { idle_minutes?: number | null; absolute_minutes?: number | null }>
  >;
}

/**
 * The settings after a change, checked: a time zone of the IANA database; each group's idle timeout
 * no longer than its absolute lifetime (defaults counted). Throws VALIDATION_FAILED naming the field.
 * Pure.
 */
export function applySettingsChange(
  current: JurisdictionSettings,
  change: SettingsChange,
): JurisdictionSettings {
  if (change.time_zone !== undefined && !isValidTimeZone(change.time_zone)) {
    throw new SosError(
      'VALIDATION_FAILED',
      `"${change.time_zone}" is not a time zone (such as America/New_York)`,
      {
        field: 'time_zone',
      },
    );
  }
  const lifetimes = { ...current.sessionLifetimes };
  for (const group of lifetimeGroups) {
    const asked = change.session_lifetimes?.[group];
    const next = {
      idleMinutes: asked?.idle_minutes !== undefined ? asked.idle_minutes : lifetimes[group].idleMinutes,
      absoluteMinutes:
        asked?.absolute_minutes !== undefined ? asked.absolute_minutes : lifetimes[group].absoluteMinutes,
    };
    const idle = next.idleMinutes ?? defaultLifetimes[group].idleMinutes;
    const absolute = next.absoluteMinutes ?? defaultLifetimes[group].absoluteMinutes;
    if (idle > absolute) {
      throw new SosError(
        'VALIDATION_FAILED',
        `The idle timeout (${idle} minutes) is longer than the absolute lifetime (${absolute} minutes)`,
        { field: `session_lifetimes.${group}.idle_minutes` },
      );
    }
    lifetimes[group] = next;
  }
  return {
    ...current,
    timeZone: change.time_zone ?? current.timeZone,
    publicK: change.public_k ?? current.publicK,
    partnerK: change.partner_k ?? current.partnerK,
    publicMinPopulation: change.public_min_population ?? current.publicMinPopulation,
    mfaRequired: change.mfa_required ?? current.mfaRequired,
    privacyContactEmail:
      change.privacy_contact_email !== undefined ? change.privacy_contact_email : current.privacyContactEmail,
    sessionLifetimes: lifetimes,
  };
}

/** The fields that differ between two settings, in the API's names, with both values (for the audit entry). Pure. */
export function changedFields(
  before: JurisdictionSettings,
  after: JurisdictionSettings,
): Record<string, { from: unknown; to: unknown }> {
  const pairs: [string, unknown, unknown][] = [
    ['time_zone', before.timeZone, after.timeZone],
    ['public_k', before.publicK, after.publicK],
    ['partner_k', before.partnerK, after.partnerK],
    ['public_min_population', before.publicMinPopulation, after.publicMinPopulation],
    ['mfa_required', before.mfaRequired, after.mfaRequired],
    ['privacy_contact_email', before.privacyContactEmail, after.privacyContactEmail],
  ];
  for (const group of lifetimeGroups) {
    const b = before.sessionLifetimes[group];
    const a = after.sessionLifetimes[group];
    pairs.push([`session_lifetimes.${group}.idle_minutes`, b.idleMinutes, a.idleMinutes]);
    pairs.push([`session_lifetimes.${group}.absolute_minutes`, b.absoluteMinutes, a.absoluteMinutes]);
  }
  return Object.fromEntries(
    pairs.filter(([, b, a]) => b !== a).map(([field, from, to]) => [field, { from, to }]),
  );
}
