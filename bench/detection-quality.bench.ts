/**
 * Detection quality on the generator's injected spikes: each method on per-town series of a seeded
 * Connecticut dataset, scored against the ground truth for sensitivity, false alerts a month and the
 * median delay to detection (see docs/benchmarks.md, "Detection quality on injected spikes").
 * Run: npx tsc -p tsconfig.json && node dist/bench/detection-quality.bench.js [--events N] [--seed S] [--monitored-weeks W]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateRecords, planDataset } from '../src/demo/generator/dataset.js';
import { groundTruth } from '../src/demo/generator/ground-truth.js';
import { dateDaysBefore, localMidnightMs } from '../src/demo/generator/timeline.js';
import { cusum } from '../src/detection/cusum.js';
import type { DetectionResult } from '../src/detection/detection-result.js';
import { type EarsMethod, earsC } from '../src/detection/ears-c.js';
import { essenceEwma } from '../src/detection/essence-ewma.js';
import { essenceRegression } from '../src/detection/essence-regression.js';
import { essenceSwitch } from '../src/detection/essence-switch.js';
import {
  type FarringtonControl,
  farringtonFlexible,
  IMPROVED_FARRINGTON,
  ORIGINAL_FARRINGTON,
} from '../src/detection/farrington-flexible.js';
import {
  type AlarmPeriod,
  alarmPeriods,
  perMonth,
  scoreAlarms,
  type TruthSpike,
} from '../src/detection/quality/spike-scoring.js';
import { recurrenceThreshold } from '../src/detection/recurrence-threshold.js';
import { AreaIndex } from '../src/surveillance/areas/area-index.js';
import { parseLayerGeoJson } from '../src/surveillance/areas/layer-geojson.js';
import { count, secs } from './support/figures.js';
import { machineBusySeconds } from './support/machine-cpu.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Farrington's history: b = 5 years of 52 weeks, plus its window w = 3. */
const FARRINGTON_B = 5;
const FARRINGTON_W = 3;
const HISTORY_WEEKS = FARRINGTON_B * 52 + FARRINGTON_W;
/** The Sunday after the last full MMWR week before 2026-11-21: weeks are Sunday to Saturday. */
const END = '2026-11-15';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '80000' },
    seed: { type: 'string', default: '20261121' },
    'monitored-weeks': { type: 'string', default: '208' },
  },
});
const events = Number(values.events);
const seed = Number(values.seed);
const monitoredWeeks = Number(values['monitored-weeks']);
const weeks = HISTORY_WEEKS + monitoredWeeks;
const days = weeks * 7;
const firstMonitoredWeek = HISTORY_WEEKS; // 0-based
const firstMonitoredDay = firstMonitoredWeek * 7;

const busyBefore = machineBusySeconds();
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();

// The dataset, in memory.
const plan = planDataset({ events, days, seed, end: END });
const truth = groundTruth(plan);
const startDate = dateDaysBefore(END, days);
/** Local midnights: dayStart[i] opens day i, dayStart[days] closes the range. */
const dayStart = Float64Array.from({ length: days + 1 }, (_, i) =>
  localMidnightMs(dateDaysBefore(END, days - i)),
);
const weekStart = Float64Array.from({ length: weeks + 1 }, (_, w) => dayStart[w * 7] as number);
const startUtcDay = Date.parse(`${startDate}T00:00:00Z`);

// Towns: the Connecticut town layer the demo imports; every event is counted in the town that holds it.
const townFeatures = parseLayerGeoJson(
  readFileSync(path.resolve('demo-data', 'ct_towns.geojson'), 'utf8'),
  'name',
  'ct_towns.geojson',
);
const townIndex = new AreaIndex(townFeatures);
const townNames = townFeatures.map((feature) => feature.areaId);
const townNumber = new Map(townNames.map((name, i) => [name, i]));
const daily = townNames.map(() => new Float64Array(days));
const eventTimes: number[][] = townNames.map(() => []);
const spikeTowns = new Map<string, Set<string>>();
let outsideTowns = 0;
for (const record of generateRecords(plan)) {
  const town = townIndex.locate(record.longitude, record.latitude);
  if (town === null) {
    outsideTowns++;
    continue;
  }
  const t = townNumber.get(town) as number;
  const dayIndex = Math.round(
    (Date.parse(`${record.occurredAt.slice(0, 10)}T00:00:00Z`) - startUtcDay) / DAY,
  );
  (daily[t] as Float64Array)[dayIndex] = ((daily[t] as Float64Array)[dayIndex] ?? 0) + 1;
  (eventTimes[t] as number[]).push(Date.parse(record.occurredAt));
  if (record.spikeId !== undefined) {
    const towns = spikeTowns.get(record.spikeId) ?? new Set<string>();
    towns.add(town);
    spikeTowns.set(record.spikeId, towns);
  }
}
const weekly = daily.map((series) =>
  Float64Array.from({ length: weeks }, (_, w) => {
    let sum = 0;
    for (let d = w * 7; d < w * 7 + 7; d++) sum += series[d] ?? 0;
    return sum;
  }),
);
const generationSeconds = (performance.now() - wallBefore) / 1000;

const monitoredStart = dayStart[firstMonitoredDay] as number;
const monitoredEnd = dayStart[days] as number;
const allSpikes: TruthSpike[] = plan.spikes.map((spike) => ({
  id: spike.id,
  area: spike.town,
  start: plan.timeline.startMs + spike.startHour * HOUR,
  end: plan.timeline.startMs + spike.endHour * HOUR,
  spilloverAreas: [...(spikeTowns.get(spike.id) ?? [])].filter((town) => town !== spike.town),
}));
const spikes = allSpikes.filter((spike) => spike.start >= monitoredStart && spike.start < monitoredEnd);

console.log(
  `seed ${seed}, ${count(events)} events over ${count(days)} days (${startDate} to ${dateDaysBefore(END, 1)}, ` +
    `${weeks} MMWR weeks), ${townNames.length} towns (${count(outsideTowns)} events outside every town); ` +
    `generated and counted in ${secs(generationSeconds)} s; node ${process.version}`,
);
console.log(
  `monitored: the last ${monitoredWeeks} weeks, ${dateDaysBefore(END, monitoredWeeks * 7)} to ` +
    `${dateDaysBefore(END, 1)} (${HISTORY_WEEKS} weeks of history before, for Farrington b = ${FARRINGTON_B}); ` +
    `${spikes.length} of the ${allSpikes.length} planned spikes start in it`,
);
console.log(
  "spikes in the monitored range (start, end in local time; the town's events in the window count ordinary ones too):",
);
for (const spike of truth.spikes) {
  const scored = spikes.find((s) => s.id === spike.id);
  if (!scored) continue;
  const t = townNumber.get(spike.town);
  const inTown = t === undefined ? 0 : countBetween(eventTimes[t] ?? [], scored.start, scored.end);
  const baselineDay = t === undefined ? 0 : meanDaily(t);
  console.log(
    `  ${spike.id.padEnd(9)} ${spike.town.padEnd(14)} ${spike.start} to ${spike.end.slice(11)} ` +
      `(${(scored.end - scored.start) / HOUR} h) r ${spike.radiusKm} km, ${spike.extraEvents} extra; ` +
      `town had ${inTown} events in the window (usual ${baselineDay.toFixed(2)}/day); ` +
      `spilled into ${scored.spilloverAreas?.join(', ') || 'no other town'}`,
  );
}

/** Events at or after `from` and before `to` in sorted times. */
function countBetween(times: readonly number[], from: number, to: number): number {
  let n = 0;
  for (const time of times) if (time >= from && time < to) n++;
  return n;
}

function meanDaily(town: number): number {
  const series = daily[town] as Float64Array;
  let sum = 0;
  for (let d = 0; d < firstMonitoredDay; d++) sum += series[d] ?? 0;
  return sum / firstMonitoredDay;
}

// The methods, each with its usual parameters, on the series it expects.
type Unit = 'day' | 'week' | 'hour';
interface Method {
  name: string;
  series: string;
  unit: Unit;
  /** Alarms of one town; null when the method cannot run on its series (counted as not monitored). */
  alarms: (town: number) => AlarmPeriod[] | null;
  periodsPerTown: number;
}

const monitoredDayBoundaries = dayStart.subarray(firstMonitoredDay);
const monitoredWeekBoundaries = weekStart.subarray(firstMonitoredWeek);
const dailyRange = [firstMonitoredDay + 1, days] as const;
const weeklyRange = [firstMonitoredWeek + 1, weeks] as const;
const isoWeekdayOfFirst = new Date(`${startDate}T00:00:00Z`).getUTCDay() || 7;

const dailyMethod = (name: string, run: (series: Float64Array) => DetectionResult): Method => ({
  name,
  series: 'daily, per town',
  unit: 'day',
  periodsPerTown: days - firstMonitoredDay,
  alarms: (town) =>
    alarmPeriods(townNames[town] as string, run(daily[town] as Float64Array).alarm, monitoredDayBoundaries),
});
/**
 * ESSENCE computes every day of the series it is given, so it is given the monitored days and 8 weeks
 * before them: its baseline needs B + g = 30 days, the EWMA's memory of earlier days has decayed below
 * 0.6^56 by then, and whole weeks keep the weekday of the first day.
 */
const ESSENCE_LEAD_DAYS = 56;
const essence = (
  name: string,
  run: (series: Float64Array, isoWeekdayOfFirst: number) => DetectionResult,
): Method =>
  dailyMethod(name, (series) => {
    const full = run(series.subarray(firstMonitoredDay - ESSENCE_LEAD_DAYS), isoWeekdayOfFirst);
    return {
      upperbound: full.upperbound.slice(ESSENCE_LEAD_DAYS),
      alarm: full.alarm.slice(ESSENCE_LEAD_DAYS),
    };
  });
const weeklyMethod = (name: string, run: (series: Float64Array) => DetectionResult): Method => ({
  name,
  series: 'weekly, per town',
  unit: 'week',
  periodsPerTown: weeks - firstMonitoredWeek,
  alarms: (town) => {
    try {
      return alarmPeriods(
        townNames[town] as string,
        run(weekly[town] as Float64Array).alarm,
        monitoredWeekBoundaries,
      );
    } catch {
      return null;
    }
  },
});
const farrington = (settings: Omit<FarringtonControl, 'range'>) => (series: Float64Array) =>
  farringtonFlexible(series, { ...settings, b: FARRINGTON_B, w: FARRINGTON_W, range: weeklyRange });

/** Hourly evaluations of the 24-hour recurrence threshold on one town's events, optionally as an alert rule. */
function thresholdAlarms(
  town: number,
  rule?: { minimumCount: number; coolDownHours: number },
): AlarmPeriod[] {
  const times = eventTimes[town] as number[];
  const area = townNames[town] as string;
  const alarms: AlarmPeriod[] = [];
  let lastRaised = Number.NEGATIVE_INFINITY;
  let next = 0; // first event after the previous evaluation's window start
  for (let at = monitoredStart + HOUR; at <= monitoredEnd; at += HOUR) {
    // A window with no event cannot be above any threshold: skip the evaluation.
    while (next < times.length && (times[next] as number) <= at - 24 * HOUR) next++;
    if (next >= times.length || (times[next] as number) > at) continue;
    const result = recurrenceThreshold(times, at);
    if (!result.alarm) continue;
    if (rule) {
      if (result.count < rule.minimumCount || at - lastRaised < rule.coolDownHours * HOUR) continue;
      lastRaised = at;
    }
    alarms.push({ area, start: at - HOUR, end: at });
  }
  return alarms;
}
const hourlyPeriods = (monitoredEnd - monitoredStart) / HOUR;

const methods: Method[] = [
  ...(['C1', 'C2', 'C3'] as EarsMethod[]).map((method) =>
    dailyMethod(`EARS ${method}`, (series) => earsC(series, { method, baseline: 7, range: dailyRange })),
  ),
  essence('ESSENCE EWMA', (series) => essenceEwma(series)),
  essence('ESSENCE regression', (series, weekday) => essenceRegression(series, weekday)),
  essence('ESSENCE switch', (series, weekday) => essenceSwitch(series, weekday)),
  weeklyMethod('CUSUM', (series) => cusum(series, { range: weeklyRange })),
  weeklyMethod('Farrington, original', farrington(ORIGINAL_FARRINGTON)),
  weeklyMethod('Farrington, Noufaily', farrington(IMPROVED_FARRINGTON)),
  {
    name: '24-hour threshold',
    series: 'event times, per town, hourly',
    unit: 'hour',
    periodsPerTown: hourlyPeriods,
    alarms: (town) => thresholdAlarms(town),
  },
  {
    name: '24-hour threshold as a rule (min 3, cool-down 6 h)',
    series: 'event times, per town, hourly',
    unit: 'hour',
    periodsPerTown: hourlyPeriods,
    alarms: (town) => thresholdAlarms(town, { minimumCount: 3, coolDownHours: 6 }),
  },
];

const windowOf: Record<Unit, number> = { day: 7 * DAY, hour: 7 * DAY, week: 14 * DAY };
const delayUnit: Record<Unit, [number, string]> = { day: [DAY, 'd'], week: [DAY, 'd'], hour: [HOUR, 'h'] };

const rows: string[][] = [];
for (const method of methods) {
  const started = performance.now();
  const alarms: AlarmPeriod[] = [];
  let monitoredTowns = 0;
  for (let town = 0; town < townNames.length; town++) {
    const found = method.alarms(town);
    if (found === null) continue;
    monitoredTowns++;
    alarms.push(...found);
  }
  const seconds = (performance.now() - started) / 1000;
  const score = scoreAlarms(spikes, alarms, windowOf[method.unit]);
  const [unitMs, unitName] = delayUnit[method.unit];
  rows.push([
    method.name,
    method.series,
    `${count(monitoredTowns * method.periodsPerTown)} (${monitoredTowns} towns)`,
    String(score.spikes),
    String(score.detected),
    `${(100 * score.sensitivity).toFixed(0)}%`,
    perMonth(score.falseAlarms, monitoredStart, monitoredEnd).toFixed(1),
    score.medianDelay === null ? '-' : `${(score.medianDelay / unitMs).toFixed(1)} ${unitName}`,
    `${count(alarms.length)} (${score.spilloverAlarms} spillover)`,
    secs(seconds),
  ]);
  console.log(
    `${method.name}: ${secs(seconds)} s; detected ${score.firstAlarmAt
      .map((at, i) => (at === null ? null : spikes[i]?.id))
      .filter((id) => id !== null)
      .join(' ')}`,
  );
}

const wallSeconds = (performance.now() - wallBefore) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const othersBusy = machineBusySeconds() - busyBefore - (cpu.user + cpu.system) / 1e6;
console.log(
  `\n${secs(wallSeconds)} s in all; other processes kept the machine busy ${secs(othersBusy / wallSeconds)} cores on average meanwhile`,
);
console.log(
  `match window: the spike's window or 7 days from its start (14 days for weekly methods), whichever is later, ` +
    `in the spike's town; false alerts a month: alarms matching no spike, all towns together, ` +
    `over ${(perMonth(1, monitoredStart, monitoredEnd) ** -1).toFixed(1)} months\n`,
);
const header = [
  'method',
  'series',
  'monitored periods',
  'spikes',
  'detected',
  'sensitivity',
  'false alerts/month',
  'median delay',
  'alarms',
  'time (s)',
];
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map(() => '---').join(' | ')} |`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
