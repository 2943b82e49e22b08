import { authorizeUser } from '../../access/authorize.js';
import { findJurisdiction, jurisdictionSettings } from '../../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../../access/roles.js';
import type { CatalogCache } from '../../directory/catalog-cache.js';
import { searchServices } from '../../directory/directory-search-service.js';
import { wholeMonths } from '../../disclosure/partner-breakdowns.js';
import { placingContextFor } from '../../geocoding/placing-context.js';
import { monthStart } from '../../platform/calendar-days.js';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { localDateOf } from '../../platform/time-zones.js';
import type { AggregateCache } from '../../surveillance/aggregates/aggregate-cache.js';
import { dataExtent, resolveRequest } from '../../surveillance/aggregates/aggregate-service.js';
import { type AreaLocator, loadAreaLocator } from '../../surveillance/area-locator.js';
import {
  GOOD_SAMARITAN_LAWS_VERSION,
  type GoodSamaritanLaw,
  goodSamaritanLawsFor,
  statesWithoutEntry,
} from './good-samaritan-laws.js';
import { countTrainingBrief } from './training-brief-counts.js';
import { protectTrainingCounts, type TrainingFigures } from './training-brief-figures.js';
import { answerMyths, type MythAnswer } from './training-myth-answers.js';
import { trainingMyths } from './training-myths.js';

/** What a training brief is asked for: an area of a layer (or the whole jurisdiction) and a range of days. */
export interface TrainingBriefRequest {
  layer?: string | undefined;
  area?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** A service to refer people to, as the brief prints it. */
export interface ReferralOption {
  name: string;
  organization: string;
  phone: string | null;
  address: string | null;
}

/** The brief's referral options: a few services per kind of help, and the 988 line. */
export interface ReferralGroup {
  kind: 'treatment' | 'naloxone' | 'harm_reduction';
  services: ReferralOption[];
}

/** The national crisis line: a fixed number, data rather than a directory entry. */
export const CRISIS_LINE = {
  name: '988 Suicide & Crisis Lifeline',
  phone: '988',
  text: 'Call or text 988, any hour, for a mental health or substance use crisis.',
} as const;

/** A training brief: figures already suppressed, myths answered, the law and where to refer. */
export interface TrainingBrief {
  jurisdiction: { id: string; shortName: string; name: string };
  scope: { layer: string | null; area: string | null; areaName: string | null };
  /** Whole months: the partner rule for person attributes counts by month. */
  from: string;
  to: string;
  figures: TrainingFigures;
  myths: MythAnswer[];
  laws: GoodSamaritanLaw[];
  lawsVersion: number;
  /** The jurisdiction's states with no Good Samaritan entry yet (none known: no layer places it). */
  statesWithoutLaw: string[];
  statesKnown: boolean;
  referrals: ReferralGroup[];
  crisisLine: typeof CRISIS_LINE;
  madeOn: string;
}

/** What building a brief needs of the app. */
export interface TrainingBriefDependencies {
  db: Queryable;
  clock: Clock;
  catalogs: CatalogCache;
  cache?: AggregateCache | undefined;
  /** The app's area locators: a cached one also keeps the jurisdiction's states found once. */
  locators?: { get(jurisdictionId: string): Promise<AreaLocator> } | undefined;
}

/** The directory needs each referral group lists, and how many services each shows. */
const REFERRAL_NEEDS: {
  kind: ReferralGroup['kind'];
  needs: ('moud' | 'other_treatment' | 'naloxone' | 'syringe_services' | 'fentanyl_test_strips')[];
}[] = [
  { kind: 'treatment', needs: ['moud', 'other_treatment'] },
  { kind: 'naloxone', needs: ['naloxone'] },
  { kind: 'harm_reduction', needs: ['syringe_services', 'fentanyl_test_strips'] },
];
const SERVICES_PER_GROUP = 4;

/** The longest range a brief covers: three years of months. */
const MAX_MONTHS = 36;

/**
 * Builds the training brief for officers and first responders (brief.read: analysts and both
 * partner roles). The range is widened to whole months (default: the 12 months ending with the month
 * of the last data); every figure passes the partner rule for person attributes and then primary and
 * complementary suppression with the jurisdiction's public k, since a printed brief leaves the office.
 */
export async function buildTrainingBrief(
  deps: TrainingBriefDependencies,
  actor: Actor,
  request: TrainingBriefRequest,
): Promise<TrainingBrief> {
  authorizeUser(actor, 'brief.read', 'Training briefs are read by signed-in analysts and partners');
  const { db } = deps;
  const jurisdiction = await findJurisdiction(db, actor.jurisdictionId);
  if (!jurisdiction) throw new SosError('UNKNOWN_JURISDICTION', 'The jurisdiction does not exist');
  const range = await briefRange(db, jurisdiction.id, jurisdiction.timeZone, deps.clock, request);
  const { query, areas } = await resolveRequest(db, jurisdiction.id, {
    ...range,
    period: 'all',
    by: 'none',
    layer: request.layer,
    area: request.area,
  });
  const settings = await jurisdictionSettings(db, jurisdiction.id);
  const counts = await countTrainingBrief(db, query, settings.k, deps.cache);
  const figures = protectTrainingCounts(counts, settings.k);
  const locator = await (deps.locators?.get(jurisdiction.id) ?? loadAreaLocator(db, jurisdiction.id));
  const states = placingContextFor(locator).states;
  return {
    jurisdiction: { id: jurisdiction.id, shortName: jurisdiction.shortName, name: jurisdiction.name },
    scope: {
      layer: query.layer,
      area: query.area,
      areaName: query.area === null ? null : (areas?.find((a) => a.id === query.area)?.name ?? query.area),
    },
    from: query.from,
    to: query.to,
    figures,
    myths: answerMyths(trainingMyths, figures),
    laws: goodSamaritanLawsFor(states ?? []),
    lawsVersion: GOOD_SAMARITAN_LAWS_VERSION,
    statesWithoutLaw: statesWithoutEntry(states ?? []),
    statesKnown: states !== null && states.size > 0,
    referrals: await referralOptions(deps, actor),
    crisisLine: CRISIS_LINE,
    madeOn: localDateOf(deps.clock.now(), jurisdiction.timeZone),
  };
}

/** The brief's whole months: the asked range widened, or the 12 months ending with the last data's month. */
async function briefRange(
  db: Queryable,
  jurisdictionId: string,
  timeZone: string,
  clock: Clock,
  request: TrainingBriefRequest,
): Promise<{ from: string; to: string }> {
  const last =
    request.to ?? (await dataExtent(db, jurisdictionId)).lastDay ?? localDateOf(clock.now(), timeZone);
  const first = request.from ?? monthStart(last, -11);
  if (first > last) {
    throw new SosError('VALIDATION_FAILED', `"from" (${first}) is after "to" (${last})`, { field: 'from' });
  }
  const range = wholeMonths(first, last);
  if (monthStart(range.from, MAX_MONTHS) <= range.to) {
    throw new SosError('VALIDATION_FAILED', `A brief covers at most ${MAX_MONTHS} months`, { field: 'from' });
  }
  return range;
}

/** A few services of each kind from the jurisdiction's directory, through the directory's own service. */
async function referralOptions(deps: TrainingBriefDependencies, actor: Actor): Promise<ReferralGroup[]> {
  const groups: ReferralGroup[] = [];
  for (const { kind, needs } of REFERRAL_NEEDS) {
    const seen = new Map<string, ReferralOption>();
    for (const need of needs) {
      const page = await searchServices(deps, actor, { need, limit: SERVICES_PER_GROUP });
      for (const service of page.services) {
        if (seen.size >= SERVICES_PER_GROUP || seen.has(service.id)) continue;
        seen.set(service.id, {
          name: service.name,
          organization: service.organization.name,
          phone: service.phones[0]?.number ?? null,
          address: service.locations.find((l) => l.address)?.address ?? null,
        });
      }
    }
    groups.push({ kind, services: [...seen.values()] });
  }
  return groups;
}
