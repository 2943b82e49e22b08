import type { Queryable } from '../platform/database.js';
import {
  type DirectoryRow,
  listDirectoryRows,
  listServiceDetails,
  type ServiceDetails,
} from './directory-repository.js';

/** A place where a service is delivered, as the directory shows it. */
export interface CatalogLocation {
  id: string;
  name: string | null;
  /** One line: street, city, state and postal code of the location's first physical address. */
  address: string | null;
  /** Null when absent, not a number, or not on Earth (the HSDS example's latitude 100). */
  latitude: number | null;
  longitude: number | null;
}

/** One service of the directory with everything read about it: the presenter's input. */
export interface CatalogService {
  id: string;
  name: string;
  description: string | null;
  status: string;
  organization: { id: string; name: string };
  /** Outreach fields (null: none recorded yet). */
  details: ServiceDetails | null;
  /** Names of the languages the service is offered in (HSDS languages of the service). */
  languages: string[];
  phones: { number: string; type: string | null }[];
  locations: CatalogLocation[];
  /** HSDS schedule rows of the service and of its service_at_location rows, cells as received. */
  schedules: Record<string, string>[];
  /** Names of the taxonomy terms linked to the service by HSDS attributes. */
  taxonomyTerms: string[];
}

const text = (value: string | undefined): string | null => (value ? value : null);

function coordinate(value: string | undefined, limit: number): number | null {
  if (!value) return null;
  const number = Number(value);
  return Number.isFinite(number) && Math.abs(number) <= limit ? number : null;
}

/** Rows of one table grouped by the value of one column. */
function groupBy(rows: readonly DirectoryRow[], column: string): Map<string, DirectoryRow[]> {
  const groups = new Map<string, DirectoryRow[]>();
  for (const row of rows) {
    const key = row.fields[column];
    if (!key) continue;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return groups;
}

function addressLine(address: DirectoryRow | undefined): string | null {
  if (!address) return null;
  const f = address.fields;
  const region = [f.state_province, f.postal_code].filter(Boolean).join(' ');
  return [f.address_1, f.address_2, f.city, region].filter(Boolean).join(', ') || null;
}

/**
 * The whole directory of a jurisdiction, one entry per HSDS service in import order, joined with its
 * organization, locations (through service_at_location) and their addresses, phones, schedules,
 * languages, taxonomy terms and outreach details. Read in a handful of queries; callers filter it
 * (search, the map, one service) in memory, as a county's directory holds hundreds of services.
 */
export async function loadCatalog(db: Queryable, jurisdictionId: string): Promise<CatalogService[]> {
  const rows = await listDirectoryRows(db, jurisdictionId);
  const details = new Map((await listServiceDetails(db, jurisdictionId)).map((d) => [d.serviceId, d]));
  const table = (name: string) => rows.filter((row) => row.hsdsTable === name);
  const byId = (name: string) => new Map(table(name).map((row) => [row.id, row]));
  const organizations = byId('organizations');
  const locations = byId('locations');
  const terms = byId('taxonomy_terms');
  const addresses = groupBy(table('addresses'), 'location_id');
  const placements = groupBy(table('service_at_location'), 'service_id');
  const phonesOfService = groupBy(table('phones'), 'service_id');
  const phonesOfPlacement = groupBy(table('phones'), 'service_at_location_id');
  const schedulesOfService = groupBy(table('schedules'), 'service_id');
  const schedulesOfPlacement = groupBy(table('schedules'), 'service_at_location_id');
  const languages = groupBy(table('languages'), 'service_id');
  const attributes = groupBy(table('attributes'), 'link_id');

  return table('services').map((service) => {
    const f = service.fields;
    const organization = organizations.get(f.organization_id ?? '');
    const placed = placements.get(service.id) ?? [];
    const unique = <T>(items: T[], key: (item: T) => string) => [
      ...new Map(items.map((item) => [key(item), item])).values(),
    ];
    const phones = unique(
      [
        ...(phonesOfService.get(service.id) ?? []),
        ...placed.flatMap((p) => phonesOfPlacement.get(p.id) ?? []),
      ],
      (row) => row.id,
    );
    const schedules = unique(
      [
        ...(schedulesOfService.get(service.id) ?? []),
        ...placed.flatMap((p) => schedulesOfPlacement.get(p.id) ?? []),
      ],
      (row) => row.id,
    );
    const placedLocations = unique(
      placed.flatMap((p) => {
        const location = locations.get(p.fields.location_id ?? '');
        return location ? [location] : [];
      }),
      (row) => row.id,
    );
    return {
      id: service.id,
      name: f.name ?? '',
      description: text(f.description),
      status: f.status ?? '',
      organization: {
        id: organization?.id ?? f.organization_id ?? '',
        name: organization?.fields.name ?? '',
      },
      details: details.get(service.id) ?? null,
      languages: [
        ...new Set((languages.get(service.id) ?? []).map((l) => l.fields.name ?? '').filter(Boolean)),
      ],
      phones: phones.map((p) => ({ number: p.fields.number ?? '', type: text(p.fields.type) })),
      locations: placedLocations.map((location) => ({
        id: location.id,
        name: text(location.fields.name),
        address: addressLine(addresses.get(location.id)?.[0]),
        latitude: coordinate(location.fields.latitude, 90),
        longitude: coordinate(location.fields.longitude, 180),
      })),
      schedules: schedules.map((s) => s.fields),
      taxonomyTerms: [
        ...new Set(
          (attributes.get(service.id) ?? [])
            .map((a) => terms.get(a.fields.taxonomy_term_id ?? '')?.fields.name ?? '')
            .filter(Boolean),
        ),
      ],
    };
  });
}
