import type { Point } from './connecticut.js';
import { baselineShareWithin, drawPlaceInCircle, drawTown } from './places.js';
import { indexAtWeight, type Random } from './random.js';
import { realism } from './realism.js';
import { type Timeline, weightShare } from './timeline.js';

/** An injected cluster of extra events: the ground truth a detector should find. */
export interface Spike {
  id: string;
  town: string;
  centre: Point;
  radiusKm: number;
  /** First hour of the window, counted from the timeline's start. */
  startHour: number;
  /** Hour after the window's last one. */
  endHour: number;
  extraEvents: number;
}

const hourMs = 3_600_000;

/** How many spikes a range of `days` days is meant to hold: about one per 60 days, at least one from 14 days. */
export function plannedSpikeCount(days: number): number {
  const rules = realism.spike;
  return days >= rules.minDays ? Math.max(1, Math.round(days / rules.daysPerSpike)) : 0;
}

/**
 * Plans the spikes of a dataset of `events` events over the timeline. The range is cut into one segment
 * per spike and each spike starts after the first 30 % of its segment, so spikes never overlap and each
 * has ordinary days before it for a detector's baseline. Spike events are capped at
 * `realism.spike.maxShareOfEvents` of all events: a spike that would overrun the cap is cut to what is
 * left, or dropped when fewer than the minimum remain, so small files may hold fewer spikes.
 */
export function planSpikes(random: Random, timeline: Timeline, events: number): Spike[] {
  const rules = realism.spike;
  const planned = plannedSpikeCount(Math.round(timeline.hours / 24));
  const budget =
    events >= 2 * rules.minExtraEvents
      ? Math.max(rules.minExtraEvents, Math.floor(events * rules.maxShareOfEvents))
      : 0;
  const spikes: Spike[] = [];
  let used = 0;
  for (let i = 0; i < planned; i++) {
    const segmentStart = Math.round((i * timeline.hours) / planned);
    const segmentEnd = Math.round(((i + 1) * timeline.hours) / planned);
    const duration = Math.min(
      random.integer(rules.durationHours[0], rules.durationHours[1]),
      segmentEnd - segmentStart,
    );
    const latest = segmentEnd - duration;
    const startHour = random.integer(
      Math.min(latest, segmentStart + Math.floor((segmentEnd - segmentStart) * 0.3)),
      latest,
    );
    const town = drawTown(random);
    const centre = drawPlaceInCircle(random, town, rules.maxCentreOffsetKm);
    const radiusKm = Math.round(random.between(rules.radiusKm[0], rules.radiusKm[1]) * 10) / 10;
    const expected =
      events * weightShare(timeline, startHour, startHour + duration) * baselineShareWithin(centre, radiusKm);
    const multiplier = random.between(rules.multiplier[0], rules.multiplier[1]);
    const extraEvents = Math.min(
      Math.max(rules.minExtraEvents, Math.round(multiplier * expected)),
      budget - used,
    );
    if (extraEvents < rules.minExtraEvents) continue;
    used += extraEvents;
    spikes.push({
      id: `spike-${spikes.length + 1}`,
      town: town.name,
      centre,
      radiusKm,
      startHour,
      endHour: startHour + duration,
      extraEvents,
    });
  }
  return spikes;
}

/** Draws the minute-aligned instants of a spike's extra events, following the time-of-day pattern. */
export function drawSpikeTimes(random: Random, timeline: Timeline, spike: Spike): number[] {
  const weights = timeline.cumulativeWeight;
  const before = spike.startHour > 0 ? (weights[spike.startHour - 1] ?? 0) : 0;
  const upTo = weights[spike.endHour - 1] ?? 0;
  const times: number[] = [];
  for (let i = 0; i < spike.extraEvents; i++) {
    const drawn = indexAtWeight(weights, before + random.next() * (upTo - before));
    const hour = Math.min(Math.max(drawn, spike.startHour), spike.endHour - 1);
    times.push(timeline.startMs + hour * hourMs + random.integer(0, 59) * 60_000);
  }
  return times;
}
