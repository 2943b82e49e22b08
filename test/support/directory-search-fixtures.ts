import type { Queryable } from '../../src/platform/database.js';

// A small HSDS directory written straight into directory_rows and directory_service_details, for the
// search API and the browser tests: each service with its organization, located places, a phone,
// languages and weekly schedules, the rows shaped as an HSDS tabular package would leave them.

/** One service of the fixture directory. */
export interface FixtureDirectoryEntry {
  id: string;
  name: string;
  description?: string;
  organization: string;
  status?: string;
  needs: string[];
  moud?: string[];
  insurance?: string[];
  languages?: string[];
  part2Program?: boolean;
  capacity?: { status: string; waitlistDays?: number };
  phone?: string;
  /** Places, each with coordinates (or none) and an address line. */
  locations: {
    name: string;
    latitude: number | null;
    longitude: number | null;
    street?: string;
    city?: string;
  }[];
  /** Weekly openings: days (MO,TU...) and HH:MM times. */
  schedules?: { byday: string; opensAt: string; closesAt: string }[];
}

/** Writes the services as HSDS rows and outreach details in the jurisdiction's directory. */
export async function seedDirectoryEntries(
  db: Queryable,
  jurisdictionId: string,
  entries: readonly FixtureDirectoryEntry[],
): Promise<void> {
  const rows: [table: string, id: string, fields: Record<string, string>][] = [];
  for (const e of entries) {
    const organizationId = `org-${e.id}`;
    rows.push(['organizations', organizationId, { id: organizationId, name: e.organization }]);
    rows.push([
      'services',
      e.id,
      {
        id: e.id,
        organization_id: organizationId,
        name: e.name,
        description: e.description ?? '',
        status: e.status ?? 'active',
      },
    ]);
    e.locations.forEach((l, i) => {
      const locationId = `${e.id}-loc-${i}`;
      const link = `${e.id}-sal-${i}`;
      rows.push([
        'locations',
        locationId,
        {
          id: locationId,
          location_type: 'physical',
          name: l.name,
          latitude: l.latitude === null ? '' : String(l.latitude),
          longitude: l.longitude === null ? '' : String(l.longitude),
        },
      ]);
      rows.push(['service_at_location', link, { id: link, service_id: e.id, location_id: locationId }]);
      if (l.street) {
        rows.push([
          'addresses',
          `${locationId}-address`,
          {
            id: `${locationId}-address`,
            location_id: locationId,
            address_1: l.street,
            city: l.city ?? '',
            state_province: 'CT',
            postal_code: '',
            country: 'US',
            address_type: 'physical',
          },
        ]);
      }
    });
    if (e.phone)
      rows.push([
        'phones',
        `${e.id}-phone`,
        { id: `${e.id}-phone`, service_id: e.id, number: e.phone, type: 'voice' },
      ]);
    (e.languages ?? []).forEach((name, i) => {
      rows.push(['languages', `${e.id}-lang-${i}`, { id: `${e.id}-lang-${i}`, service_id: e.id, name }]);
    });
    (e.schedules ?? []).forEach((s, i) => {
      const id = `${e.id}-schedule-${i}`;
      rows.push([
        'schedules',
        id,
        { id, service_id: e.id, freq: 'WEEKLY', byday: s.byday, opens_at: s.opensAt, closes_at: s.closesAt },
      ]);
    });
  }
  const now = new Date();
  for (const [i, [table, id, fields]] of rows.entries()) {
    await db.query(
      `insert into directory_rows (jurisdiction_id, hsds_table, id, position, fields, updated_at)
       values ($1, $2, $3, $4, $5::json, $6)`,
      [jurisdictionId, table, id, i, JSON.stringify(fields), now],
    );
  }
  for (const e of entries) {
    await db.query(
      `insert into directory_service_details (jurisdiction_id, service_id, needs, moud, same_day_intake,
         capacity_status, waitlist_days, capacity_updated_at, insurance, part2_program, updated_at)
       values ($1, $2, $3::json, $4::json, false, $5, $6, $7, $8::json, $9, $7)`,
      [
        jurisdictionId,
        e.id,
        JSON.stringify(e.needs),
        JSON.stringify(e.moud ?? []),
        e.capacity?.status ?? 'unknown',
        e.capacity?.waitlistDays ?? null,
        now,
        JSON.stringify(e.insurance ?? []),
        e.part2Program ?? false,
      ],
    );
  }
}
