import type { SourceType, Substance } from './vocabulary.js';

/**
 * The realism parameters of the synthetic overdose data, in one place. None of them is fitted to a
 * jurisdiction: they are round numbers in the ranges that published EMS and medical examiner data show,
 * chosen so that a dashboard looks plausible and a detector has patterns to learn and spikes to find.
 *
 * Counts. The expected count of one hour is proportional to
 *     weekday[local day of week] * (1 + seasonAmplitude * cos(2 pi (day of year - seasonPeakDay) / 365.25))
 *     * (1 + trendPerYear * years since the start) * hourOfDay[local hour]
 * and its count is Poisson with that mean, scaled so that the expected total is the baseline (events
 * minus spike events). The handful of events by which the Poisson draws overshoot or fall short are
 * removed or added at hours drawn by the same weights, so the file holds exactly `events` rows.
 *   - weekday: Saturday 1.14, Sunday 1.08, Friday 1.04, Monday to Thursday 0.93 to 0.97;
 *   - season: +-12 %, highest in mid-July, lowest in mid-January;
 *   - trend: +4 % a year;
 *   - hour of day: lowest around 6-7 a.m. (0.5), highest 8-10 p.m. (1.4): evenings and nights.
 * Days and hours are cut in America/New_York, the time zone of Connecticut.
 *
 * Places. 92 % of events fall around a town centre (town drawn by its weight, see connecticut.ts; a
 * Gaussian with the town's spread of 1.5 to 3.5 km), 8 % uniformly over the state's land. Points off land
 * (Long Island Sound, neighbouring states) are drawn again.
 *
 * People. Age mostly 25-44 (bands below; 3 % of records give only the band, 1 % neither), 70 % male,
 * race and ethnicity roughly as in Connecticut's overdose deaths (ethnicity follows race: most people
 * recorded as race "other" are Hispanic).
 *
 * Substances. One main substance (fentanyl 60 %), then co-use: cocaine with 30 % of the others (and
 * fentanyl with 30 % of cocaine), xylazine with 18 % of the opioid ones, alcohol 8 %, benzodiazepines
 * 6 %; heroin now usually comes with fentanyl. "unknown" stands alone.
 *
 * Outcome. 8 % fatal; a fatal overdose comes from the medical examiner 60 % of the time (always fatal
 * there), otherwise from EMS or police. Naloxone is given on 82 % of nonfatal EMS calls and fewer of the
 * others, 1 to 3 doses (mostly 1). Disposition follows the source.
 *
 * Spikes (see spikes.ts). About one per 60 days, at least one when the range has 14 days or more: a
 * town, a circle of 1 to 3 km near its centre, a window of 1 to 3 days, and 3 to 6 times the expected
 * baseline count of that circle and window as extra events (at least 5): a bad batch, so mostly fentanyl
 * with xylazine, more doses of naloxone and a higher fatal share (12 %). Spikes may take at most 20 % of
 * all events, so a tiny file still has mostly ordinary events.
 */
export const realism = {
  weekday: [1.08, 0.95, 0.93, 0.94, 0.97, 1.04, 1.14], // Sunday first, as Date.getUTCDay counts
  seasonAmplitude: 0.12,
  seasonPeakDay: 196,
  trendPerYear: 0.04,
  hourOfDay: [
    1.25, 1.15, 1.0, 0.85, 0.7, 0.55, 0.5, 0.5, 0.55, 0.65, 0.75, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2, 1.3,
    1.35, 1.4, 1.4, 1.35, 1.3,
  ],
  backgroundShare: 0.08,
  ageBands: [
    ['0-14', 12, 14, 0.4],
    ['15-24', 15, 24, 9],
    ['25-34', 25, 34, 29],
    ['35-44', 35, 44, 26],
    ['45-54', 45, 54, 17],
    ['55-64', 55, 64, 13.6],
    ['65+', 65, 84, 5],
  ] as const,
  ageBandOnlyShare: 0.03,
  ageUnknownShare: 0.01,
  sex: [
    ['male', 70],
    ['female', 29],
    ['unknown', 1],
  ] as const,
  race: [
    ['white', 66],
    ['black', 14],
    ['asian', 1],
    ['american_indian_alaska_native', 0.5],
    ['native_hawaiian_pacific_islander', 0.2],
    ['multiple', 2],
    ['other', 8],
    ['unknown', 8.3],
  ] as const,
  ethnicityWhenRaceOther: [
    ['hispanic', 75],
    ['not_hispanic', 15],
    ['unknown', 10],
  ] as const,
  ethnicityWhenRaceUnknown: [
    ['hispanic', 15],
    ['not_hispanic', 25],
    ['unknown', 60],
  ] as const,
  ethnicityOtherwise: [
    ['hispanic', 13],
    ['not_hispanic', 80],
    ['unknown', 7],
  ] as const,
  mainSubstance: [
    ['fentanyl', 60],
    ['heroin', 8],
    ['fentanyl_analog', 2],
    ['oxycodone', 4],
    ['methadone', 1.5],
    ['buprenorphine', 1],
    ['cocaine', 6],
    ['methamphetamine', 2],
    ['benzodiazepine', 2],
    ['alcohol', 3],
    ['unknown', 10.5],
  ] as const satisfies readonly (readonly [Substance, number])[],
  coUse: {
    cocaine: 0.3,
    xylazineWithOpioid: 0.18,
    alcohol: 0.08,
    benzodiazepine: 0.06,
    fentanylWithHeroin: 0.6,
  },
  fatalShare: 0.08,
  fatalSource: [
    ['medical_examiner', 60],
    ['ems', 25],
    ['police', 15],
  ] as const satisfies readonly (readonly [SourceType, number])[],
  nonfatalSource: [
    ['ems', 74],
    ['hospital', 13],
    ['police', 8],
    ['fire', 5],
  ] as const satisfies readonly (readonly [SourceType, number])[],
  naloxoneGivenFatal: { medical_examiner: 0.3, ems: 0.6, police: 0.5, hospital: 0.5, fire: 0.6 },
  naloxoneGivenNonfatal: { ems: 0.82, fire: 0.75, police: 0.65, hospital: 0.35, medical_examiner: 0 },
  naloxoneDoses: [
    [1, 55],
    [2, 33],
    [3, 12],
  ] as const,
  responseNonfatal: [
    ['responded', 74],
    ['partial_response', 16],
    ['no_response', 3],
    ['unknown', 7],
  ] as const,
  responseFatal: [
    ['no_response', 85],
    ['unknown', 15],
  ] as const,
  dispositionByField: [
    ['transported', 66],
    ['refused_transport', 24],
    ['treated_released', 10],
  ] as const,
  dispositionByPolice: [
    ['transported', 50],
    ['refused_transport', 35],
    ['treated_released', 15],
  ] as const,
  dispositionByHospital: [
    ['treated_released', 70],
    ['admitted', 30],
  ] as const,
  spike: {
    daysPerSpike: 60,
    minDays: 14,
    durationHours: [24, 72],
    radiusKm: [1, 3],
    maxCentreOffsetKm: 1,
    multiplier: [3, 6],
    minExtraEvents: 5,
    maxShareOfEvents: 0.2,
    fatalShare: 0.12,
    mainSubstance: [
      ['fentanyl', 88],
      ['fentanyl_analog', 7],
      ['heroin', 5],
    ] as const satisfies readonly (readonly [Substance, number])[],
    xylazine: 0.65,
    cocaine: 0.25,
    naloxoneDoses: [
      [1, 35],
      [2, 40],
      [3, 25],
    ] as const,
  },
} as const;
