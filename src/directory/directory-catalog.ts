import type { Queryable } from '../platform/database.js';
import {
  type DirectoryRow,
  listDirectoryRows,
  listServiceDetails,
  type ServiceDetails,
} from './directory-repository.js';
import type { ScheduleRow } from './service-schedule.js';

// The directory as its readers (search, the map, a service's page) need it: each HSDS service with its
// organization, locations (through service_at_location, with an address and coordinates), phones,
// languages, schedules and outreach details, read from the rows kept as received. HSDS cells are text;
// only the few fields read here are interpreted, and a cell that does not read (a latitude of 100) is
// left out rather than guessed.

/** A place a service is delivered. */
export interface CatalogLocation {
  id: string;
  name: string | null;
  address: string | null;
  /** The town of its address (the Resources page's town picker lists them). */
  city: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** One service of the directory with everything presented about it. */
export interface CatalogService {
  id: string;
  name: string;
  description: string | null;
  status: string;
  /** Its HSDS organization (name '' when the row is missing). */
  organization: { id: string; name: string };
  languages: string[];
  phones: { number: string; type: string | null }[];
  locations: CatalogLocation[];
  /** HSDS schedule rows of the service and of its service_at_location rows, cells as received. */
  schedules: ScheduleRow[];
  /** Names of the taxonomy terms linked to the service by HSDS attributes. */
  taxonomyTerms: string[];
  /** The outreach details (null: none recorded yet). */
  details: ServiceDetails | null;
}

const TABLES = [
  'organizations',
  'services',
  'locations',
  'service_at_location',
  'addresses',
  'phones',
  'schedules',
  'languages',
  'attributes',
  'taxonomy_terms',
] as const;

const text = (row: DirectoryRow, field: string): string => (row.fields[field] ?? '').trim();
const orNull = (value: string): string | null => (value === '' ? null : value);

/** A coordinate cell within its range, else null. */
function coordinate(value: string, limit: number): number | null {
  if (value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

/** An HSDS address in one line: street, city, state and postal code. */
function addressLine(row: DirectoryRow): string {
  const region = [text(row, 'state_province'), text(row, 'postal_code')].filter(Boolean).join(' ');
  return [text(row, 'address_1'), text(row, 'address_2'), text(row, 'city'), region]
    .filter(Boolean)
    .join(', ');
}

/** Rows grouped by the value of one of their fields. */
function groupBy(rows: readonly DirectoryRow[], field: string): Map<string, DirectoryRow[]> {
  const groups = new Map<string, DirectoryRow[]>();
  for (const row of rows) {
    const key = text(row, field);
    if (key === '') continue;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** Every service of a jurisdiction's directory, in the order of import, with all it is presented with. */
export async function loadCatalog(db: Queryable, jurisdictionId: string): Promise<CatalogService[]> {
  const [rows, details] = await Promise.all([
    listDirectoryRows(db, jurisdictionId, TABLES),
    listServiceDetails(db, jurisdictionId),
  ]);
  const table = (name: (typeof TABLES)[number]) => rows.filter((r) => r.hsdsTable === name);
  const organizations = new Map(table('organizations').map((r) => [r.id, r]));
  const locations = new Map(table('locations').map((r) => [r.id, r]));
  const detailsOf = new Map(details.map((d) => [d.serviceId, d]));
  const linksOf = groupBy(table('service_at_location'), 'service_id');
  const addressesOf = groupBy(table('addresses'), 'location_id');
  const phonesOfService = groupBy(table('phones'), 'service_id');
  const phonesOfLink = groupBy(table('phones'), 'service_at_location_id');
  const phonesOfOrganization = groupBy(
    table('phones').filter((p) => !text(p, 'service_id') && !text(p, 'location_id')),
    'organization_id',
  );
  const languagesOf = groupBy(table('languages'), 'service_id');
  const schedulesOfService = groupBy(table('schedules'), 'service_id');
  const schedulesOfLink = groupBy(table('schedules'), 'service_at_location_id');
  const attributesOf = groupBy(table('attributes'), 'link_id');
  const terms = new Map(table('taxonomy_terms').map((r) => [r.id, r]));

  return table('services').map((service) => {
    const links = linksOf.get(service.id) ?? [];
    const organization = organizations.get(text(service, 'organization_id'));
    const serviceLocations = links.flatMap((link) => {
      const location = locations.get(text(link, 'location_id'));
      if (!location) return [];
      const addresses = addressesOf.get(location.id) ?? [];
      const address = addresses.find((a) => text(a, 'address_type') === 'physical') ?? addresses[0];
      return [
        {
          id: location.id,
          name: orNull(text(location, 'name')),
          address: address ? orNull(addressLine(address)) : null,
          city: address ? orNull(text(address, 'city')) : null,
          latitude: coordinate(text(location, 'latitude'), 90),
          longitude: coordinate(text(location, 'longitude'), 180),
        },
      ];
    });
    // The service's own phones and those of its places; failing both, its organization's main lines.
    const ownPhones = [
      ...(phonesOfService.get(service.id) ?? []),
      ...links.flatMap((link) => phonesOfLink.get(link.id) ?? []),
    ];
    const phoneRows =
      ownPhones.length > 0 ? ownPhones : (phonesOfOrganization.get(organization?.id ?? '') ?? []);
    // Quotes around a number (HSDS's own example writes "+44 1234 234567" in its cell) would break a tel: link.
    const phones = [...new Map(phoneRows.map((p) => [p.id, p])).values()]
      .map((p) => ({ number: text(p, 'number').replace(/^"+|"+$/g, ''), type: orNull(text(p, 'type')) }))
      .filter((p) => p.number !== '');
    const schedules = [
      ...new Map(
        [
          ...(schedulesOfService.get(service.id) ?? []),
          ...links.flatMap((link) => schedulesOfLink.get(link.id) ?? []),
        ].map((s) => [s.id, s]),
      ).values(),
    ].map((row) => row.fields);
    const languages = [
      ...new Set(
        (languagesOf.get(service.id) ?? []).map((l) => text(l, 'name') || text(l, 'code')).filter(Boolean),
      ),
    ];
    return {
      id: service.id,
      name: text(service, 'name'),
      description: orNull(text(service, 'description')),
      status: text(service, 'status') || 'active',
      organization: {
        id: organization?.id ?? text(service, 'organization_id'),
        name: organization ? text(organization, 'name') : '',
      },
      languages,
      phones,
      locations: serviceLocations,
      schedules,
      taxonomyTerms: [
        ...new Set(
          (attributesOf.get(service.id) ?? []).flatMap((a) => {
            const term = terms.get(text(a, 'taxonomy_term_id'));
            return term && text(term, 'name') ? [text(term, 'name')] : [];
          }),
        ),
      ],
      details: detailsOf.get(service.id) ?? null,
    };
  });
}
