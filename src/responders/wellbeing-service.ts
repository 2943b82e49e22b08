import { decideAccess } from '../access/access-decision.js';
import { authorizeUser } from '../access/authorize.js';
import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../access/roles.js';
import type { Database } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { instantOfWallTime } from '../platform/time-zones.js';
import { findExposuresBetween } from './exposure-repository.js';
import { listUnits } from './responder-unit-repository.js';
import { countScenesByMonth, type UnitMonthCount } from './scene-counts.js';

/** Scenes per unit per month, with the units they name. */
export interface WellbeingCounts {
  from: string;
  to: string;
  units: { id: string; organization_id: string; code: string; name: string }[];
  months: UnitMonthCount[];
}

/** The first instant of a month ('YYYY-MM') in a time zone, or of the month `add` months after it. */
function monthStart(month: string, timeZone: string, add = 0): Date {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + add;
  return instantOfWallTime(
    { year: Math.floor(index / 12), month: (index % 12) + 1, day: 1, hour: 0, minute: 0, second: 0 },
    timeZone,
  );
}

/**
 * Hard scenes per unit per month from `from` to `to` (months 'YYYY-MM', both included): for
 * administrators and analysts every unit of the jurisdiction, for a public safety analyst the units of
 * her own organization (the policy's own_organization, asked unit by unit). Counts are not suppressed:
 * they are internal (T1/T2), of the reader's own units, with nothing about any person.
 */
export async function readWellbeingCounts(
  db: Database,
  actor: Actor,
  range: { from: string; to: string },
): Promise<WellbeingCounts> {
  authorizeUser(actor, 'responder_wellbeing.read');
  if (range.from > range.to) {
    throw new SosError('VALIDATION_FAILED', 'from must not be after to', { field: 'from' });
  }
  const jurisdiction = await findJurisdiction(db, actor.jurisdictionId);
  const timeZone = jurisdiction?.timeZone ?? 'UTC';
  const units = (await listUnits(db, actor.jurisdictionId)).filter(
    (u) =>
      decideAccess(actor, 'responder_wellbeing.read', {
        type: 'responder_unit',
        id: u.id,
        jurisdictionId: actor.jurisdictionId,
        organizationId: u.organizationId,
      }).effect === 'allow',
  );
  const exposures = await findExposuresBetween(
    db,
    actor.jurisdictionId,
    units.map((u) => u.id),
    monthStart(range.from, timeZone),
    monthStart(range.to, timeZone, 1),
  );
  return {
    from: range.from,
    to: range.to,
    units: units.map((u) => ({ id: u.id, organization_id: u.organizationId, code: u.code, name: u.name })),
    months: countScenesByMonth(exposures, timeZone),
  };
}
