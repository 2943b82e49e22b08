import type { CountSeries } from './detection-result.js';
import { essenceEwma } from './essence-ewma.js';
import { essenceRegression } from './essence-regression.js';
import type { EssenceResult } from './essence-result.js';

/** The control parameters of ESSENCE's regression/EWMA switch, named as in Rnssp's alert_switch. */
export interface SwitchControl {
  B?: number;
  g?: number;
  w1?: number;
  w2?: number;
}

/** Adjusted R² from which the regression is trusted over the EWMA (ESSENCE's 0.60). */
export const SWITCH_R_SQUARED = 0.6;

/**
 * ESSENCE's regression/EWMA switch as Rnssp's alert_switch: each day takes the adaptive regression's
 * result when its model explains the baseline (adjusted R² ≥ 0.60), else the EWMA's, which suits
 * sparse series better; days before the regression has a baseline take the EWMA's. `detector` says
 * which one answered ('regression', 'ewma', or null where neither tested the day).
 */
export function essenceSwitch(
  observed: CountSeries,
  isoWeekdayOfFirst: number,
  control: SwitchControl = {},
): EssenceResult & { detector: ('regression' | 'ewma' | null)[] } {
  const regression = essenceRegression(observed, isoWeekdayOfFirst, { B: control.B, g: control.g });
  const ewma = essenceEwma(observed, control);
  const detector = regression.adjustedRSquared.map((r2, i) => {
    if (r2 !== null && r2 >= SWITCH_R_SQUARED) return 'regression' as const;
    return ewma.testStatistic[i] === null ? null : ('ewma' as const);
  });
  const pick = <K extends keyof EssenceResult>(key: K) =>
    detector.map((d, i) => (d === 'regression' ? regression[key][i] : ewma[key][i])) as EssenceResult[K];
  return {
    upperbound: pick('upperbound'),
    alarm: pick('alarm'),
    expected: pick('expected'),
    testStatistic: pick('testStatistic'),
    pValue: pick('pValue'),
    level: pick('level'),
    detector,
  };
}
