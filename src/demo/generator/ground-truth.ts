import type { DatasetPlan } from './dataset.js';
import { demoTimeZone, formatLocalTime, offsetMinutesAt } from './timeline.js';

/** One injected spike as written to the ground-truth file. */
export interface SpikeTruth {
  id: string;
  town: string;
  centre: { lat: number; lon: number };
  radiusKm: number;
  /** Window start, ISO 8601 with offset (inclusive). */
  start: string;
  /** Window end, ISO 8601 with offset (exclusive). */
  end: string;
  extraEvents: number;
}

/** The ground-truth file that travels beside a generated CSV, for scoring detection. */
export interface GroundTruth {
  seed: number;
  events: number;
  days: number;
  /** First instant of the range (inclusive) and the instant that closes it (exclusive). */
  start: string;
  end: string;
  timeZone: string;
  spikes: SpikeTruth[];
}

const hourMs = 3_600_000;

function isoAt(ms: number): string {
  return formatLocalTime(ms, offsetMinutesAt(ms));
}

/** What a plan injects, in the ground-truth file's shape. */
export function groundTruth(plan: DatasetPlan): GroundTruth {
  const { settings, timeline } = plan;
  return {
    seed: settings.seed,
    events: settings.events,
    days: settings.days,
    start: isoAt(timeline.startMs),
    end: isoAt(timeline.endMs),
    timeZone: demoTimeZone,
    spikes: plan.spikes.map((spike) => ({
      id: spike.id,
      town: spike.town,
      centre: { lat: spike.centre.lat, lon: spike.centre.lon },
      radiusKm: spike.radiusKm,
      start: isoAt(timeline.startMs + spike.startHour * hourMs),
      end: isoAt(timeline.startMs + spike.endHour * hourMs),
      extraEvents: spike.extraEvents,
    })),
  };
}
