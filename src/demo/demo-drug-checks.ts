import type { Jurisdiction } from '../access/jurisdictions/jurisdiction.js';
import { addOrganization } from '../access/jurisdictions/jurisdiction-service.js';
import { cliActor } from '../access/roles.js';
import { type DrugCheckDependencies, submitDrugChecks } from '../drug-checking/drug-check-intake-service.js';
import type { DrugCheckInput } from '../drug-checking/drug-check-validation.js';
import { weekStartOf } from '../drug-checking/drug-check-week.js';
import { addDays } from '../platform/calendar-days.js';
import { newId } from '../platform/ids.js';
import { SYNTHETIC_CALLS } from './demo-survivors.js';
import { towns } from './generator/connecticut.js';
import { planDataset } from './generator/dataset.js';
import { Random } from './generator/random.js';
import { localDate } from './generator/timeline.js';

/** The demo's drug-checking service, named so that nobody takes its results for real data. */
export const DRUG_CHECKING_ORGANIZATION = {
  name: 'Drug checking network (demo generator)',
  type: 'harm_reduction',
};

/** Weeks of results before today, and the seed of their draws: the same day gives the same results. */
export const DEMO_DRUG_CHECKS = { weeks: 30, seed: 18, towns: 8 } as const;

/** What the demo's synthetic spike is corroborated by: medetomidine where the spike is, the week before it. */
export interface PlantedSignal {
  /** The spike's centre, where the result is placed (its town is the area found there). */
  latitude: number;
  longitude: number;
  spikeTown: string;
  spikeDay: string;
  collectedOn: string;
}

/** The substances of an ordinary result, each with the chance it is found (never medetomidine or nitazenes). */
const ORDINARY: readonly [string, number][] = [
  ['fentanyl', 0.85],
  ['xylazine', 0.45],
  ['cocaine', 0.25],
  ['heroin', 0.1],
  ['fentanyl_analogue', 0.1],
  ['methamphetamine', 0.1],
  ['bromazolam', 0.08],
];
const METHODS = ['test_strip', 'ftir', 'mass_spectrometry'] as const;

/**
 * The demo's drug-checking results, deterministic for a day: one to four a week in each of the eight
 * towns with the most overdoses for 30 weeks (fentanyl, xylazine, cocaine...), nitazenes new to New
 * Haven three weeks ago, and medetomidine new where the demo generator's first spike of the last 14
 * days is, in the week before that spike's week: the backtest of a rule over that town then shows
 * the spike corroborated.
 */
export function demoDrugCheckResults(nowMs: number): {
  inputs: DrugCheckInput[];
  planted: PlantedSignal | null;
} {
  const today = localDate(nowMs);
  const random = new Random(DEMO_DRUG_CHECKS.seed);
  const inputs: DrugCheckInput[] = [];
  const thisWeek = weekStartOf(today);
  for (let w = DEMO_DRUG_CHECKS.weeks; w >= 1; w--) {
    const week = addDays(thisWeek, -7 * w);
    for (const town of towns.slice(0, DEMO_DRUG_CHECKS.towns)) {
      const n = random.integer(1, 4);
      for (let i = 0; i < n; i++) {
        const substances = ORDINARY.filter(([, p]) => random.chance(p)).map(([s]) => s);
        inputs.push({
          source_id: `demo-${week}-${town.name}-${i}`,
          kind: 'drug_check',
          method: METHODS[random.integer(0, METHODS.length - 1)],
          sold_as: random.chance(0.7) ? 'heroin' : 'fentanyl',
          substances: substances.length > 0 ? substances : ['fentanyl'],
          collected_on: addDays(week, random.integer(0, 6)),
          latitude: town.lat,
          longitude: town.lon,
        });
      }
    }
  }
  inputs.push({
    source_id: 'demo-nitazene-new-haven',
    kind: 'seizure',
    method: 'lab_confirmed',
    substances: ['isotonitazene', 'fentanyl'],
    collected_on: addDays(thisWeek, -7 * 3 + 2),
    area: 'New Haven',
  });
  const plan = planDataset({ ...SYNTHETIC_CALLS, end: today });
  const spike = plan.spikes[0];
  if (!spike) return { inputs, planted: null };
  const spikeDay = localDate(plan.timeline.startMs + spike.startHour * 3_600_000);
  const planted: PlantedSignal = {
    latitude: spike.centre.lat,
    longitude: spike.centre.lon,
    spikeTown: spike.town,
    spikeDay,
    // The Wednesday of the week before the spike's week.
    collectedOn: addDays(weekStartOf(spikeDay), -4),
  };
  inputs.push({
    source_id: 'demo-medetomidine-before-spike',
    kind: 'drug_check',
    method: 'mass_spectrometry',
    sold_as: 'fentanyl',
    substances: ['fentanyl', 'medetomidine', 'xylazine'],
    collected_on: planted.collectedOn,
    latitude: planted.latitude,
    longitude: planted.longitude,
  });
  return { inputs, planted };
}

/** What loading the demo's results did. */
export interface DemoDrugChecksSummary {
  accepted: number;
  rejected: number;
  planted: PlantedSignal | null;
}

/** Adds the demo's drug-checking service to the jurisdiction and sends its results through intake. */
export async function loadDemoDrugChecks(
  deps: DrugCheckDependencies,
  jurisdiction: Jurisdiction,
): Promise<DemoDrugChecksSummary> {
  const organizationId = newId();
  await addOrganization(deps.db, {
    jurisdictionId: jurisdiction.id,
    id: organizationId,
    ...DRUG_CHECKING_ORGANIZATION,
  });
  const { inputs, planted } = demoDrugCheckResults(deps.clock.now().getTime());
  const summary: DemoDrugChecksSummary = { accepted: 0, rejected: 0, planted };
  for (let start = 0; start < inputs.length; start += 500) {
    const batch = await submitDrugChecks(
      deps,
      cliActor,
      { organizationId, jurisdictionId: jurisdiction.id },
      inputs.slice(start, start + 500),
    );
    summary.accepted += batch.counts.accepted;
    summary.rejected += batch.counts.rejected;
  }
  return summary;
}
