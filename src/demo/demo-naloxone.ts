import type { Jurisdiction } from '../access/jurisdictions/jurisdiction.js';
import type { Actor } from '../access/roles.js';
import type { AppContext } from '../main/app-context.js';
import { createAccessPoint, reportStock } from '../naloxone/access-point-service.js';
import type { DistributionInput } from '../naloxone/distribution-input.js';
import { recordDistributionItems } from '../naloxone/distribution-service.js';
import type { AccessPointType, DistributionSiteType, OpeningHours } from '../naloxone/naloxone-vocabulary.js';
import { addDays } from '../platform/calendar-days.js';
import { Random } from './generator/random.js';

/**
 * Towns with many overdoses the demo gives few kits, so that the map has deserts to show; every
 * other town gets kits in proportion to its residents, generously.
 */
export const UNDERSERVED_TOWNS = [
  'Waterbury',
  'Bristol',
  'Norwich',
  'New London',
  'Torrington',
  'Meriden',
  'East Haven',
  'Ansonia',
] as const;

/** The year the demo distributes kits in: the last year of the vendored OCME deaths, so need and supply meet. */
export const DEMO_NALOXONE_YEAR = 2022;

const SEED = 18_2022;
/** The Sunday that opens MMWR week 1 of 2022, and the demo's seven eight-week blocks from it. */
const FIRST_SUNDAY = '2022-01-02';
const BLOCKS = 7;
const BLOCK_DAYS = 56;

const SITE_TYPES: DistributionSiteType[] = [
  'pharmacy',
  'outreach',
  'leave_behind',
  'jail_release',
  'event',
  'library',
];

/**
 * The demo's distributions, deterministic: each town with residents gets seven records (one per
 * eight weeks of 2022, given as a week), 12-24 kits a year per 1,000 residents, or 0.5-1.5 in the
 * underserved towns.
 */
export function demoDistributions(
  towns: readonly { id: string; name: string; population: number | null }[],
): DistributionInput[] {
  const random = new Random(SEED);
  const items: DistributionInput[] = [];
  for (const town of towns) {
    if (!town.population) continue;
    const underserved = (UNDERSERVED_TOWNS as readonly string[]).includes(town.name);
    const perThousand = underserved ? random.between(0.5, 1.5) : random.between(12, 24);
    const yearly = Math.max(BLOCKS, Math.round((town.population / 1000) * perThousand));
    for (let block = 0; block < BLOCKS; block++) {
      const kits = Math.max(1, Math.round(yearly / BLOCKS + random.between(-0.2, 0.2) * (yearly / BLOCKS)));
      items.push({
        source_id: `demo-${town.id}-${block + 1}`,
        site_type: SITE_TYPES[random.integer(0, SITE_TYPES.length - 1)] as DistributionSiteType,
        area_id: town.id,
        week: addDays(FIRST_SUNDAY, block * BLOCK_DAYS + random.integer(0, 3) * 7),
        kits,
        doses_per_kit: 2,
      });
    }
  }
  return items;
}

const PHARMACY_HOURS: OpeningHours[] = [
  { byday: ['MO', 'TU', 'WE', 'TH', 'FR'], opens_at: '09:00', closes_at: '21:00' },
  { byday: ['SA'], opens_at: '10:00', closes_at: '18:00' },
];
const ALWAYS: OpeningHours[] = [
  { byday: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], opens_at: '00:00', closes_at: '23:59' },
];
const OFFICE_HOURS: OpeningHours[] = [
  { byday: ['MO', 'TU', 'WE', 'TH', 'FR'], opens_at: '10:00', closes_at: '16:00' },
];

/** Made-up access points in the well-served cities, two of them vending machines (a library and a jail). */
export const DEMO_ACCESS_POINTS: {
  name: string;
  site_type: AccessPointType;
  address: string;
  latitude: number;
  longitude: number;
  hours: OpeningHours[];
}[] = [
  {
    name: 'Main Library naloxone machine',
    site_type: 'vending_machine',
    address: 'Main St, Hartford',
    latitude: 41.764,
    longitude: -72.674,
    hours: ALWAYS,
  },
  {
    name: 'Capitol Pharmacy',
    site_type: 'pharmacy',
    address: 'Park St, Hartford',
    latitude: 41.7585,
    longitude: -72.6905,
    hours: PHARMACY_HOURS,
  },
  {
    name: 'Hartford Harm Reduction Center',
    site_type: 'harm_reduction_program',
    address: 'Albany Ave, Hartford',
    latitude: 41.7765,
    longitude: -72.6935,
    hours: OFFICE_HOURS,
  },
  {
    name: 'County Jail release desk machine',
    site_type: 'vending_machine',
    address: 'Whalley Ave, New Haven',
    latitude: 41.3155,
    longitude: -72.9405,
    hours: ALWAYS,
  },
  {
    name: 'Elm City Pharmacy',
    site_type: 'pharmacy',
    address: 'Chapel St, New Haven',
    latitude: 41.3065,
    longitude: -72.9265,
    hours: PHARMACY_HOURS,
  },
  {
    name: 'New Haven Health Department',
    site_type: 'health_department',
    address: 'Church St, New Haven',
    latitude: 41.3035,
    longitude: -72.9245,
    hours: OFFICE_HOURS,
  },
  {
    name: 'Park City Pharmacy',
    site_type: 'pharmacy',
    address: 'Main St, Bridgeport',
    latitude: 41.1835,
    longitude: -73.1905,
    hours: PHARMACY_HOURS,
  },
  {
    name: 'Bridgeport Outreach Van base',
    site_type: 'harm_reduction_program',
    address: 'East Main St, Bridgeport',
    latitude: 41.1905,
    longitude: -73.1755,
    hours: OFFICE_HOURS,
  },
  {
    name: 'Hardware City Pharmacy',
    site_type: 'pharmacy',
    address: 'Main St, New Britain',
    latitude: 41.6655,
    longitude: -72.7825,
    hours: PHARMACY_HOURS,
  },
  {
    name: 'Middletown Pharmacy',
    site_type: 'pharmacy',
    address: 'Main St, Middletown',
    latitude: 41.5585,
    longitude: -72.6505,
    hours: PHARMACY_HOURS,
  },
  {
    name: 'Stamford Pharmacy',
    site_type: 'pharmacy',
    address: 'Bedford St, Stamford',
    latitude: 41.0565,
    longitude: -73.5405,
    hours: PHARMACY_HOURS,
  },
  {
    name: 'Norwalk Library',
    site_type: 'library',
    address: 'Belden Ave, Norwalk',
    latitude: 41.1195,
    longitude: -73.4155,
    hours: OFFICE_HOURS,
  },
];

/** The vending machines' stock reports, days before now: the library's runs low, the jail's is stocked. */
const STOCK_REPORTS: { machine: string; daysAgo: number; kits_left: number; restocked: boolean }[] = [
  { machine: 'Main Library naloxone machine', daysAgo: 9, kits_left: 40, restocked: true },
  { machine: 'Main Library naloxone machine', daysAgo: 4, kits_left: 17, restocked: false },
  { machine: 'Main Library naloxone machine', daysAgo: 1, kits_left: 3, restocked: false },
  { machine: 'County Jail release desk machine', daysAgo: 6, kits_left: 12, restocked: false },
  { machine: 'County Jail release desk machine', daysAgo: 2, kits_left: 30, restocked: true },
];

/**
 * Loads the demo's naloxone: a year of distributions by the outreach program's organization in
 * every town, the access points, and the vending machines' stock reports, as the analyst.
 */
export async function loadNaloxoneDemo(
  context: AppContext,
  ct: {
    jurisdiction: Jurisdiction;
    organizationId: string;
    towns: { id: string; name: string; population: number | null }[];
    analystId: string;
  },
): Promise<{ distributions: number; accessPoints: number }> {
  const analyst: Actor = {
    kind: 'user',
    userId: ct.analystId,
    jurisdictionId: ct.jurisdiction.id,
    role: 'analyst',
    organizationId: null,
  };
  const deps = { db: context.db, clock: context.clock };
  const recorded = await recordDistributionItems(deps, analyst, {
    organizationId: ct.organizationId,
    channel: 'form',
    items: demoDistributions(ct.towns),
  });
  const ids = new Map<string, string>();
  for (const point of DEMO_ACCESS_POINTS) {
    const created = await createAccessPoint(deps, analyst, { ...point, low_stock_kits: 5 });
    ids.set(point.name, created.id);
  }
  const now = context.clock.now().getTime();
  for (const report of STOCK_REPORTS) {
    await reportStock(deps, analyst, ids.get(report.machine) as string, {
      kits_left: report.kits_left,
      restocked: report.restocked,
      reported_at: new Date(now - report.daysAgo * 86_400_000).toISOString(),
      channel: 'form',
    });
  }
  return { distributions: recorded.stored, accessPoints: DEMO_ACCESS_POINTS.length };
}
