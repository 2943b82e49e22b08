import { checkRange, DetectionParameterError } from './detection-parameter-error.js';
import type { CountSeries, DetectionResult, PeriodRange } from './detection-result.js';
import { referencePeriodGroups } from './farrington-reference-periods.js';
import {
  deltaMethodLimit,
  negativeBinomialLimit,
  type PowerTransform,
  type ThresholdMethod,
} from './farrington-thresholds.js';
import { fitPoissonGlm, leverages, type PoissonGlmFit, quadraticForm } from './statistics/poisson-glm.js';
import { studentTTwoSidedP } from './statistics/student-t.js';

/** The control parameters of R's surveillance::farringtonFlexible, with its defaults. */
export interface FarringtonControl {
  range: PeriodRange;
  /** Periods per year of the series: 52 for weeks (the default), 12 for months, 365 for days. */
  frequency?: number;
  /** Years to go back (5). */
  b?: number;
  /** Half-width of the window around each past year's period (3). */
  w?: number;
  /** Down-weight past outbreaks by their Anscombe residuals (true). */
  reweight?: boolean;
  /** Residual above which a period is down-weighted (2.58). */
  weightsThreshold?: number;
  /** One-sided false-alarm probability of the threshold (0.05). */
  alpha?: number;
  /** Try a linear time trend (true). */
  trend?: boolean;
  /** p-value below which the trend is kept (0.05; Noufaily uses 1: keep it whenever it fits). */
  pThresholdTrend?: number;
  /** No alarm unless at least [cases] were counted in the last [periods] periods ([5, 4]). */
  limit54?: readonly [cases: number, periods: number];
  /** Power transform of the delta method ('2/3'). */
  powertrans?: PowerTransform;
  /** Seasonal groups of the year: 1 uses the windows only (Farrington 1996), 10 as Noufaily 2013. */
  noPeriods?: number;
  /** Recent periods left out of the model; w by default (Noufaily uses 26). */
  pastWeeksNotIncluded?: number;
  /** 'delta' (Farrington 1996), 'nbPlugin' (Noufaily 2013) or 'muan'. */
  thresholdMethod?: ThresholdMethod;
}

/** The settings of Farrington et al. (1996), R's defaults. */
export const ORIGINAL_FARRINGTON = {
  b: 5,
  w: 3,
  reweight: true,
  weightsThreshold: 2.58,
  alpha: 0.05,
  trend: true,
  pThresholdTrend: 0.05,
  limit54: [5, 4],
  powertrans: '2/3',
  noPeriods: 1,
  thresholdMethod: 'delta',
} as const satisfies Omit<FarringtonControl, 'range'>;

/** The improved settings of Noufaily et al. (2013). */
export const IMPROVED_FARRINGTON = {
  ...ORIGINAL_FARRINGTON,
  weightsThreshold: 2.58,
  pThresholdTrend: 1,
  noPeriods: 10,
  pastWeeksNotIncluded: 26,
  thresholdMethod: 'nbPlugin',
} as const satisfies Omit<FarringtonControl, 'range'>;

type Settings = Required<Omit<FarringtonControl, 'range'>>;

/**
 * The Farrington family of outbreak detection methods, as R's surveillance::farringtonFlexible
 * computes them on a series without dates. For each monitored period it fits a quasi-Poisson
 * log-linear model to the same time of year in the b previous years (± w periods; with noPeriods > 1
 * also the rest of the year as seasonal groups), with a time trend kept only when significant, at
 * least three years long and not extrapolating above every count seen; refits with past outbreaks
 * down-weighted; and sets the threshold from the predicted mean, the dispersion (floored at 1) and
 * the prediction's own error. No alarm is raised (and no bound given) unless limit54 cases were
 * counted in the recent periods.
 */
export function farringtonFlexible(observed: CountSeries, control: FarringtonControl): DetectionResult {
  const settings = withDefaults(control);
  const [first, last] = control.range;
  checkRange(control.range, observed.length, settings.b * settings.frequency);
  const upperbound: (number | null)[] = [];
  const alarm: (boolean | null)[] = [];
  for (let k = first; k <= last; k++) {
    const outcome = detectAt(observed, k, settings);
    upperbound.push(outcome.upperbound);
    alarm.push(outcome.alarm);
  }
  return { upperbound, alarm };
}

function withDefaults(control: FarringtonControl): Settings {
  const w = control.w ?? ORIGINAL_FARRINGTON.w;
  const settings: Settings = {
    frequency: control.frequency ?? 52,
    b: control.b ?? ORIGINAL_FARRINGTON.b,
    w,
    reweight: control.reweight ?? ORIGINAL_FARRINGTON.reweight,
    weightsThreshold: control.weightsThreshold ?? ORIGINAL_FARRINGTON.weightsThreshold,
    alpha: control.alpha ?? ORIGINAL_FARRINGTON.alpha,
    trend: control.trend ?? ORIGINAL_FARRINGTON.trend,
    pThresholdTrend: control.pThresholdTrend ?? ORIGINAL_FARRINGTON.pThresholdTrend,
    limit54: control.limit54 ?? ORIGINAL_FARRINGTON.limit54,
    powertrans: control.powertrans ?? ORIGINAL_FARRINGTON.powertrans,
    noPeriods: control.noPeriods ?? ORIGINAL_FARRINGTON.noPeriods,
    pastWeeksNotIncluded: control.pastWeeksNotIncluded ?? w,
    thresholdMethod: control.thresholdMethod ?? ORIGINAL_FARRINGTON.thresholdMethod,
  };
  const wholeAtLeast = (name: keyof Settings, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min) {
      throw new DetectionParameterError(name, `${name} must be a whole number of at least ${min}`);
    }
  };
  wholeAtLeast('frequency', settings.frequency, 1);
  wholeAtLeast('b', settings.b, 1);
  wholeAtLeast('w', settings.w, 0);
  wholeAtLeast('noPeriods', settings.noPeriods, 1);
  wholeAtLeast('pastWeeksNotIncluded', settings.pastWeeksNotIncluded, 0);
  if (!(settings.alpha > 0 && settings.alpha < 1)) {
    throw new DetectionParameterError('alpha', 'alpha must be between 0 and 1');
  }
  const [cases, periods] = settings.limit54;
  if (!(cases >= 0) || !Number.isInteger(periods) || periods < 1) {
    throw new DetectionParameterError('limit54', 'limit54 must be [cases ≥ 0, periods ≥ 1]');
  }
  return settings;
}

/** The counts a model is fitted to: period (centred on the monitored one) and seasonal group. */
interface ReferenceData {
  counts: Float64Array;
  /** Period minus the monitored period, so the prediction sits at time 0. */
  time: Float64Array;
  intercept: Float64Array;
  /** One 0/1 column per seasonal group other than the windows' (none when noPeriods is 1). */
  indicators: Float64Array[];
}

/** One fitted model with its design and the dispersion used for thresholds (floored at 1). */
interface FittedModel {
  fit: PoissonGlmFit;
  columns: Float64Array[];
  /** The design row of the monitored period. */
  now: Float64Array;
  /** Index of the trend coefficient, or -1 when the model has none. */
  trendColumn: number;
  phi: number;
  /**
   * The dispersion R's predict and summary see afterwards. R stores the outbreak weights in the
   * model's `weights`, where its summary expects the working weights, so after a reweighted fit
   * that dispersion is Σ ωᵢ ((yᵢ − μᵢ)/μᵢ)² / (n − p) rather than the Pearson one. Its reference
   * outputs depend on it (the prediction's error and the trend's t test), so we reproduce it.
   */
  reportedDispersion: number;
}

function detectAt(
  observed: CountSeries,
  k: number,
  settings: Settings,
): { upperbound: number | null; alarm: boolean | null } {
  const data = referenceData(observed, k, settings);
  let model = fitWithReweighting(data, settings.trend, settings);
  if (!model) return { upperbound: null, alarm: null };
  if (model.trendColumn >= 0 && !keepTrend(model, data, settings)) {
    model = fitWithReweighting(data, false, settings);
    if (!model) return { upperbound: null, alarm: null };
  }
  const eta = dot(model.now, model.fit.coefficients);
  // R's predict.glm takes the model's reported dispersion, unfloored, for the prediction's error.
  const etaSe = Math.sqrt(model.reportedDispersion * quadraticForm(model.fit.unscaledCovariance, model.now));
  let upper: number;
  let predicted: number;
  if (settings.thresholdMethod === 'delta') {
    predicted = Math.exp(eta);
    upper = deltaMethodLimit(predicted, etaSe * predicted, model.phi, settings.alpha, settings.powertrans);
  } else {
    // R scores the Noufaily threshold against the linear predictor, not the mean.
    predicted = eta;
    upper = negativeBinomialLimit(eta, etaSe, model.phi, settings.alpha, settings.thresholdMethod);
  }
  const count = observed[k - 1] as number;
  const score = (count - predicted) / (upper - predicted);
  const [cases, periods] = settings.limit54;
  let recent = 0;
  for (let period = Math.max(1, k - periods + 1); period <= k; period++)
    recent += observed[period - 1] as number;
  const enoughCases = recent >= cases;
  return {
    upperbound: enoughCases && !Number.isNaN(upper) ? upper : null,
    alarm: enoughCases && score > 1 && count !== 0,
  };
}

function referenceData(observed: CountSeries, k: number, settings: Settings): ReferenceData {
  const groups = referencePeriodGroups(observed.length, k, settings);
  const kept: number[] = [];
  groups.forEach((group, i) => {
    if (group > 0 && !Number.isNaN(observed[i] as number)) kept.push(i);
  });
  const n = kept.length;
  const counts = new Float64Array(n);
  const time = new Float64Array(n);
  const present = new Set<number>();
  for (let j = 0; j < n; j++) {
    const i = kept[j] as number;
    counts[j] = observed[i] as number;
    time[j] = i + 1 - k;
    present.add(groups[i] as number);
  }
  // Seasonal indicators (noPeriods > 1) in treatment contrasts against the window group, so the
  // monitored period's design row has none; any full-rank coding gives R's fits and predictions.
  const indicators: Float64Array[] = [];
  if (settings.noPeriods > 1) {
    const others = [...present].filter((g) => g !== settings.noPeriods).sort((a, b) => a - b);
    for (const group of others) {
      const column = new Float64Array(n);
      for (let j = 0; j < n; j++) if (groups[kept[j] as number] === group) column[j] = 1;
      indicators.push(column);
    }
  }
  return { counts, time, intercept: new Float64Array(n).fill(1), indicators };
}

/**
 * R's fitting step: fit (dropping the trend if that fit does not converge), then, if asked, refit
 * with weights from the standardized Anscombe residuals so past outbreaks weigh less. Null when no
 * model converges.
 */
function fitWithReweighting(data: ReferenceData, trend: boolean, settings: Settings): FittedModel | null {
  let model = fitModel(data, trend, undefined);
  if (!model.fit.converged && trend) model = fitModel(data, false, undefined);
  if (!model.fit.converged) return null;
  if (!settings.reweight) return model;
  const weights = outbreakWeights(data.counts, model, settings.weightsThreshold);
  // R does not check convergence of the reweighted fit; neither do we, to give the same answers.
  const reweighted = fitModel(data, model.trendColumn >= 0, weights);
  let sum = 0;
  data.counts.forEach((y, i) => {
    const mu = reweighted.fit.fitted[i] as number;
    sum += (weights[i] as number) * ((y - mu) / mu) ** 2;
  });
  return { ...reweighted, reportedDispersion: sum / reweighted.fit.residualDegreesOfFreedom };
}

function fitModel(data: ReferenceData, trend: boolean, weights: Float64Array | undefined): FittedModel {
  const columns = trend
    ? [data.intercept, data.time, ...data.indicators]
    : [data.intercept, ...data.indicators];
  // The monitored period: intercept 1, time 0, no indicator.
  const now = new Float64Array(columns.length);
  now[0] = 1;
  const trendColumn = trend ? 1 : -1;
  const fit = fitPoissonGlm(columns, data.counts, weights);
  return {
    fit,
    columns,
    now,
    trendColumn,
    phi: Math.max(fit.dispersion, 1),
    reportedDispersion: fit.dispersion,
  };
}

/** Farrington's weights: γ·s⁻² above the threshold, γ below, γ making them average 1. */
function outbreakWeights(counts: Float64Array, model: FittedModel, threshold: number): Float64Array {
  const hat = leverages(model.columns, model.fit);
  const n = counts.length;
  const residuals = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const mu = model.fit.fitted[i] as number;
    const raw = 1.5 * ((counts[i] as number) ** (2 / 3) * mu ** (-1 / 6) - Math.sqrt(mu));
    const s = raw / Math.sqrt(model.phi * (1 - (hat[i] as number)));
    residuals[i] = s;
    total += s > threshold ? s ** -2 : 1;
  }
  const gamma = n / total;
  for (let i = 0; i < n; i++) {
    const s = residuals[i] as number;
    residuals[i] = s > threshold ? gamma * s ** -2 : gamma;
  }
  return residuals;
}

/** The three conditions of R for keeping a trend: significant, b ≥ 3, no extrapolation. */
function keepTrend(model: FittedModel, data: ReferenceData, settings: Settings): boolean {
  const j = model.trendColumn;
  const fit = model.fit;
  const p = fit.coefficients.length;
  const t =
    (fit.coefficients[j] as number) /
    Math.sqrt(model.reportedDispersion * (fit.unscaledCovariance[j * p + j] as number));
  const significant = studentTTwoSidedP(t, fit.residualDegreesOfFreedom) < settings.pThresholdTrend;
  const predicted = Math.exp(dot(model.now, fit.coefficients));
  let largest = Number.NEGATIVE_INFINITY;
  for (const y of data.counts) largest = Math.max(largest, y);
  return settings.b >= 3 && significant && predicted <= largest;
}

function dot(a: Float64Array, b: Float64Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += (a[i] as number) * (b[i] as number);
  return total;
}
