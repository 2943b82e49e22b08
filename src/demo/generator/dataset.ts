import { type CaseFacts, drawCaseFacts } from './case-facts.js';
import { drawBaselinePlace, drawPlaceInCircle } from './places.js';
import { indexAtWeight, Random } from './random.js';
import { drawSpikeTimes, planSpikes, type Spike } from './spikes.js';
import type { SyntheticPerson } from './synthetic-persons.js';
import { buildTimeline, formatLocalTime, type Timeline } from './timeline.js';

/** What a dataset is made from: the same settings always give the same dataset. */
export interface DatasetSettings {
  events: number;
  days: number;
  seed: number;
  /** The day after the last generated day, YYYY-MM-DD. */
  end: string;
}

/** Everything decided before the first row is written; its size grows with the days and spikes, not the events. */
export interface DatasetPlan {
  settings: DatasetSettings;
  timeline: Timeline;
  spikes: Spike[];
  /** Ordinary events in each hour of the timeline. */
  hourCounts: Int32Array;
  /** Instants of all spike events, ascending, with the index of their spike in `spikeOfEvent`. */
  spikeEventTimes: Float64Array;
  spikeOfEvent: Int32Array;
}

/** One synthetic report, ready to be written. */
export interface SyntheticRecord {
  sourceRecordId: string;
  occurredAt: string;
  latitude: number;
  longitude: number;
  facts: CaseFacts;
  /** The spike that injected this record; absent for ordinary events. Never written to the CSV. */
  spikeId: string | undefined;
  /** The survivor's made-up contact details (`withSyntheticPersons`); never written to the CSV. */
  person?: SyntheticPerson;
}

// Independent random streams per stage, so that a change in one stage leaves the others' draws alone.
const planningStream = 0;
const countingStream = 1;
const recordStream = 2;

const hourMs = 3_600_000;
const twoDigitMinutes = Array.from({ length: 60 }, (_, minute) => String(minute).padStart(2, '0'));

/** Decides the timeline, the spikes and how many ordinary events each hour holds. */
export function planDataset(settings: DatasetSettings): DatasetPlan {
  const timeline = buildTimeline(settings.end, settings.days);
  const planning = new Random(settings.seed, planningStream);
  const spikes = planSpikes(planning, timeline, settings.events);
  const spikeEvents = spikes.flatMap((spike, index) =>
    drawSpikeTimes(planning, timeline, spike).map((ms) => ({ ms, index })),
  );
  spikeEvents.sort((a, b) => a.ms - b.ms);
  const baselineEvents = settings.events - spikeEvents.length;
  return {
    settings,
    timeline,
    spikes,
    hourCounts: drawHourCounts(new Random(settings.seed, countingStream), timeline, baselineEvents),
    spikeEventTimes: Float64Array.from(spikeEvents, (event) => event.ms),
    spikeOfEvent: Int32Array.from(spikeEvents, (event) => event.index),
  };
}

/**
 * Poisson counts per hour with means proportional to the hours' weights, then corrected one event at a
 * time (at hours drawn by weight) until they add up to exactly `total`.
 */
function drawHourCounts(random: Random, timeline: Timeline, total: number): Int32Array {
  const weights = timeline.cumulativeWeight;
  const totalWeight = weights[weights.length - 1] ?? 0;
  const counts = new Int32Array(timeline.hours);
  let sum = 0;
  let previous = 0;
  for (let h = 0; h < timeline.hours; h++) {
    const weight = (weights[h] ?? 0) - previous;
    previous = weights[h] ?? 0;
    const count = random.poisson((total * weight) / totalWeight);
    counts[h] = count;
    sum += count;
  }
  while (sum !== total) {
    const hour = indexAtWeight(weights, random.next() * totalWeight);
    if (sum < total) {
      counts[hour] = (counts[hour] ?? 0) + 1;
      sum++;
    } else if ((counts[hour] ?? 0) > 0) {
      counts[hour] = (counts[hour] ?? 0) - 1;
      sum--;
    }
  }
  return counts;
}

/**
 * Yields the dataset's records in time order, one hour at a time, so memory stays flat however many
 * events there are. Ids are `gen-<seed>-<n>` with n counting from 1 in time order.
 */
export function* generateRecords(plan: DatasetPlan): Generator<SyntheticRecord> {
  const { timeline, spikes, hourCounts, spikeEventTimes, spikeOfEvent } = plan;
  const random = new Random(plan.settings.seed, recordStream);
  const idPrefix = `gen-${plan.settings.seed}-`;
  // One sortable number per event of the hour: minute * 65536 + (spike index + 1, or 0 when ordinary).
  let keys = new Float64Array(64);
  let size = 0;
  const grow = (needed: number): void => {
    if (needed <= keys.length) return;
    const larger = new Float64Array(Math.max(needed, keys.length * 2));
    larger.set(keys.subarray(0, size));
    keys = larger;
  };
  let nextSpikeEvent = 0;
  let n = 0;
  for (let h = 0; h < timeline.hours; h++) {
    const hourStart = timeline.startMs + h * hourMs;
    const ordinary = hourCounts[h] ?? 0;
    size = 0;
    grow(ordinary);
    for (let i = 0; i < ordinary; i++) keys[size++] = random.integer(0, 59) * 65536;
    while (
      nextSpikeEvent < spikeEventTimes.length &&
      (spikeEventTimes[nextSpikeEvent] ?? 0) < hourStart + hourMs
    ) {
      grow(size + 1);
      const minute = ((spikeEventTimes[nextSpikeEvent] ?? 0) - hourStart) / 60_000;
      keys[size++] = minute * 65536 + (spikeOfEvent[nextSpikeEvent] ?? 0) + 1;
      nextSpikeEvent++;
    }
    const hourKeys = keys.subarray(0, size).sort();
    // Connecticut's offsets are whole hours, so within one UTC hour only the local minute changes.
    const hourStamp = formatLocalTime(hourStart, timeline.offsetMinutes[h] ?? 0);
    const stampHead = hourStamp.slice(0, 14);
    const stampTail = hourStamp.slice(16);
    for (const key of hourKeys) {
      const minute = Math.floor(key / 65536);
      const spike = spikes[(key % 65536) - 1];
      const place = spike
        ? drawPlaceInCircle(random, spike.centre, spike.radiusKm)
        : drawBaselinePlace(random);
      n++;
      yield {
        sourceRecordId: idPrefix + n,
        occurredAt: stampHead + twoDigitMinutes[minute] + stampTail,
        latitude: place.lat,
        longitude: place.lon,
        facts: drawCaseFacts(random, spike !== undefined),
        spikeId: spike?.id,
      };
    }
  }
}
