import { z } from 'zod';
import { cusum } from './cusum.js';
import { DetectionError } from './detection-error.js';
import { checkRange, DetectionParameterError } from './detection-parameter-error.js';
import type { CountSeries, DetectionResult, PeriodRange } from './detection-result.js';
import { earsC } from './ears-c.js';
import { EWMA_MIN_BASELINE, essenceEwma } from './essence-ewma.js';
import { essenceRegression, REGRESSION_MIN_BASELINE } from './essence-regression.js';
import { essenceSwitch } from './essence-switch.js';
import { farringtonFlexible } from './farrington-flexible.js';

/** The detection methods that can be run by name. */
export const DETECTION_METHODS = ['earsC', 'cusum', 'farrington', 'ewma', 'regression', 'switch'] as const;

/** A detection method's name. */
export type DetectionMethod = (typeof DETECTION_METHODS)[number];

const wholeNumber = z.number().int();
const range = z.tuple([wholeNumber.min(1), wholeNumber.min(1)]);
const probability = z.number().gt(0).lt(1);

// Parameter names are R surveillance's control names, so a control list carries over unchanged.
const earsParameters = z.strictObject({
  method: z.enum(['C1', 'C2', 'C3']).default('C1'),
  range: range.optional(),
  baseline: wholeNumber.min(3).default(7),
  alpha: probability.optional(),
  minSigma: z.number().min(0).default(0),
});

const cusumParameters = z.strictObject({
  range: range,
  k: z.number().default(1.04),
  h: z.number().default(2.26),
  m: z.number().gt(0).optional(),
  trans: z.literal('standard').default('standard'),
});

const farringtonParameters = z.strictObject({
  range: range.optional(),
  b: wholeNumber.min(1).default(5),
  w: wholeNumber.min(0).default(3),
  reweight: z.boolean().default(true),
  weightsThreshold: z.number().default(2.58),
  alpha: probability.default(0.05),
  trend: z.boolean().default(true),
  pThresholdTrend: z.number().min(0).max(1).default(0.05),
  limit54: z.tuple([z.number().min(0), wholeNumber.min(1)]).default([5, 4]),
  powertrans: z.enum(['2/3', '1/2', 'none']).default('2/3'),
  noPeriods: wholeNumber.min(1).default(1),
  pastWeeksNotIncluded: wholeNumber.min(0).optional(),
  thresholdMethod: z.enum(['delta', 'nbPlugin', 'muan']).default('delta'),
  frequency: wholeNumber.min(1).optional(),
});

// ESSENCE's parameters as Rnssp names them; they run on daily counts only.
const essenceParameters = z.strictObject({
  range: range.optional(),
  B: wholeNumber.min(7).default(28),
  g: wholeNumber.min(0).default(2),
  w1: probability.default(0.4),
  w2: probability.default(0.9),
});

/** Where a series starts, for methods that need its calendar. */
export interface SeriesCalendar {
  /** Periods per year: 365 for days, 52 for weeks, 12 for months. */
  frequency: number;
  /** ISO weekday (1 = Monday … 7 = Sunday) of the first period. */
  isoWeekdayOfFirst: number;
}

/**
 * Runs one method on a series with parameters as given by a user (R's control names and 1-based
 * range); where R has a default range, it is the default here: every period that has the history the
 * method needs. Bad parameters become DETECTION_PARAMETER_INVALID naming the parameter.
 */
export function runDetection(
  method: DetectionMethod,
  observed: CountSeries,
  parameters: unknown,
  calendar: SeriesCalendar = { frequency: 52, isoWeekdayOfFirst: 1 },
): { range: PeriodRange; result: DetectionResult } {
  const last = observed.length;
  try {
    switch (method) {
      case 'earsC': {
        const p = parse(earsParameters, parameters);
        const history = p.baseline + { C1: 0, C2: 2, C3: 4 }[p.method];
        const periods = p.range ?? ([history + 1, last] as const);
        return { range: periods, result: earsC(observed, { ...p, range: periods }) };
      }
      case 'cusum': {
        const p = parse(cusumParameters, parameters);
        return { range: p.range, result: cusum(observed, p) };
      }
      case 'farrington': {
        const p = parse(farringtonParameters, parameters);
        const frequency = p.frequency ?? calendar.frequency;
        const periods = p.range ?? ([frequency * p.b + p.w + 1, last] as const);
        return { range: periods, result: farringtonFlexible(observed, { ...p, frequency, range: periods }) };
      }
      case 'ewma':
      case 'regression':
      case 'switch': {
        const p = parse(essenceParameters, parameters);
        if (calendar.frequency !== 365) {
          throw new DetectionParameterError(
            'method',
            `${method} runs on daily counts; this series is not daily`,
          );
        }
        const firstTested = (method === 'regression' ? REGRESSION_MIN_BASELINE : EWMA_MIN_BASELINE) + p.g + 1;
        const periods = p.range ?? ([firstTested, last] as const);
        checkRange(periods, last, 0);
        const full =
          method === 'ewma'
            ? essenceEwma(observed, p)
            : method === 'regression'
              ? essenceRegression(observed, calendar.isoWeekdayOfFirst, p)
              : essenceSwitch(observed, calendar.isoWeekdayOfFirst, p);
        const [from, to] = periods;
        return {
          range: periods,
          result: { upperbound: full.upperbound.slice(from - 1, to), alarm: full.alarm.slice(from - 1, to) },
        };
      }
    }
  } catch (error) {
    if (error instanceof DetectionParameterError) {
      throw new DetectionError('DETECTION_PARAMETER_INVALID', `${error.parameter}: ${error.message}`, {
        parameter: error.parameter,
      });
    }
    throw error;
  }
}

/**
 * Checks parameters for a method as `runDetection` would (R's control names), without a series:
 * returns them with their defaults, or throws DETECTION_PARAMETER_INVALID naming the parameter.
 */
export function checkDetectionParameters(
  method: DetectionMethod,
  parameters: unknown,
): Record<string, unknown> {
  switch (method) {
    case 'earsC':
      return parse(earsParameters, parameters);
    case 'cusum':
      return parse(cusumParameters, parameters);
    case 'farrington':
      return parse(farringtonParameters, parameters);
    case 'ewma':
    case 'regression':
    case 'switch':
      return parse(essenceParameters, parameters);
  }
}

function parse<T extends z.ZodType>(schema: T, parameters: unknown): z.infer<T> {
  const parsed = schema.safeParse(parameters ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = issue?.path.join('.') || '(parameters)';
  throw new DetectionError('DETECTION_PARAMETER_INVALID', `${name}: ${issue?.message ?? 'not valid'}`, {
    parameter: name,
  });
}
