import type { Queryable } from '../../platform/database.js';
import type { LifetimeGroup } from '../sessions/session-lifetime.js';
import { LIFETIME_COLUMNS, type LifetimeRow, lifetimesOf } from '../sessions/session-repository.js';
import type { JurisdictionSettings } from './jurisdiction-settings.js';

interface SettingsRow extends LifetimeRow {
  id: string;
  short_name: string;
  name: string;
  time_zone: string;
  public_k: number;
  partner_k: number;
  public_min_population: number;
  mfa_required: boolean;
  privacy_contact_email: string | null;
}

/** A jurisdiction's settings, or null when there is no such jurisdiction. */
export async function readJurisdictionSettings(
  db: Queryable,
  jurisdictionId: string,
  forUpdate = false,
): Promise<JurisdictionSettings | null> {
  const [row] = await db.query<SettingsRow>(
    `select j.id, j.short_name, j.name, j.time_zone, j.public_k, j.partner_k, j.public_min_population,
       j.mfa_required, j.privacy_contact_email, ${LIFETIME_COLUMNS}
     from jurisdictions j where j.id = $1${forUpdate ? ' for update' : ''}`,
    [jurisdictionId],
  );
  if (!row) return null;
  return {
    id: row.id,
    shortName: row.short_name,
    name: row.name,
    timeZone: row.time_zone,
    publicK: row.public_k,
    partnerK: row.partner_k,
    publicMinPopulation: row.public_min_population,
    mfaRequired: row.mfa_required,
    privacyContactEmail: row.privacy_contact_email,
    sessionLifetimes: lifetimesOf(row),
  };
}

const lifetimeColumn: Record<LifetimeGroup, { idle: string; absolute: string }> = {
  t3: { idle: 'session_idle_minutes_t3', absolute: 'session_absolute_minutes_t3' },
  t2: { idle: 'session_idle_minutes_t2', absolute: 'session_absolute_minutes_t2' },
  other: { idle: 'session_idle_minutes_other', absolute: 'session_absolute_minutes_other' },
};

/** Writes a jurisdiction's settings (every column, as given). */
export async function writeJurisdictionSettings(db: Queryable, s: JurisdictionSettings): Promise<void> {
  const l = s.sessionLifetimes;
  await db.query(
    `update jurisdictions set time_zone = $2, public_k = $3, partner_k = $4, public_min_population = $5,
       mfa_required = $6, privacy_contact_email = $7,
       ${lifetimeColumn.t3.idle} = $8, ${lifetimeColumn.t3.absolute} = $9,
       ${lifetimeColumn.t2.idle} = $10, ${lifetimeColumn.t2.absolute} = $11,
       ${lifetimeColumn.other.idle} = $12, ${lifetimeColumn.other.absolute} = $13
     where id = $1`,
    [
      s.id,
      s.timeZone,
      s.publicK,
      s.partnerK,
      s.publicMinPopulation,
      s.mfaRequired,
      s.privacyContactEmail,
      l.t3.idleMinutes,
      l.t3.absoluteMinutes,
      l.t2.idleMinutes,
      l.t2.absoluteMinutes,
      l.other.idleMinutes,
      l.other.absoluteMinutes,
    ],
  );
}
