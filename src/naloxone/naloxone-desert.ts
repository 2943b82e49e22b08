// Naloxone deserts: areas where overdoses are common and naloxone is scarce. The idea, as public
// health programs use it, is to set an area's need (its overdose rate) beside its supply (kits handed
// out and places to get naloxone, each per overdose) and to send kits and machines first where need
// is high and supply is low. The rule here is that idea with explicit thresholds (docs/naloxone.md).

/** One area's need and supply over a period, as counted. */
export interface AreaCoverage {
  id: string;
  name: string;
  /** Residents; null when the layer has no population for the area (no rate, never a desert). */
  population: number | null;
  overdoses: number;
  kits: number;
  /** Active access points in the area. */
  accessPoints: number;
}

/** Where "high" need and "low" supply begin. */
export interface DesertThresholds {
  /** Supply is low when fewer kits than this were distributed per overdose. */
  kitsPerOverdose: number;
  /** Access is low when there is less than one access point per this many overdoses. */
  overdosesPerAccessPoint: number;
  /** Fewer overdoses than this make a rate too unsteady to call high. */
  minOverdoses: number;
}

/** The documented defaults: 10 kits per overdose, one access point per 10 overdoses, at least 5 overdoses. */
export const DEFAULT_DESERT_THRESHOLDS: DesertThresholds = {
  kitsPerOverdose: 10,
  overdosesPerAccessPoint: 10,
  minOverdoses: 5,
};

/** An area with its figures and the verdict of each part of the rule. */
export interface AreaAssessment extends AreaCoverage {
  /** Overdoses per 100,000 residents; null without a population. */
  rate: number | null;
  /** Null when the area had no overdose. */
  kitsPerOverdose: number | null;
  accessPointsPerOverdose: number | null;
  /** Null without a population. */
  accessPointsPer10k: number | null;
  kitsPer10k: number | null;
  highRate: boolean;
  lowKits: boolean;
  lowAccess: boolean;
  desert: boolean;
  /** 1 for the worst desert; null for an area that is not one. */
  rank: number | null;
  /** Kits more it would have taken to reach the kits-per-overdose threshold. */
  kitsShort: number;
}

/** Every area assessed, the jurisdiction's rate the areas are compared with, and the deserts ranked. */
export interface CoverageAssessment {
  /** Overdoses per 100,000 over the areas with a population; null when none has one. */
  jurisdictionRate: number | null;
  areas: AreaAssessment[];
  deserts: AreaAssessment[];
}

const per = (count: number, base: number, scale: number) => (count / base) * scale;

/**
 * Assesses each area: its rate is high when it is above the jurisdiction's (over the same areas) and
 * rests on at least `minOverdoses`; kits are low under `kitsPerOverdose` per overdose; access is low
 * under one access point per `overdosesPerAccessPoint` overdoses. A desert is all three; deserts are
 * ranked by rate (highest first), then by kits per overdose (fewest first), then by name.
 */
export function assessCoverage(
  areas: readonly AreaCoverage[],
  thresholds: DesertThresholds = DEFAULT_DESERT_THRESHOLDS,
): CoverageAssessment {
  const populated = areas.filter((a) => a.population !== null && a.population > 0);
  const residents = populated.reduce((sum, a) => sum + (a.population ?? 0), 0);
  const jurisdictionRate =
    residents > 0
      ? per(
          populated.reduce((sum, a) => sum + a.overdoses, 0),
          residents,
          100_000,
        )
      : null;
  const assessed = areas.map((area): AreaAssessment => {
    const population = area.population !== null && area.population > 0 ? area.population : null;
    const rate = population === null ? null : per(area.overdoses, population, 100_000);
    const any = area.overdoses > 0;
    const highRate =
      rate !== null &&
      jurisdictionRate !== null &&
      area.overdoses >= thresholds.minOverdoses &&
      rate > jurisdictionRate;
    const lowKits = any && area.kits < thresholds.kitsPerOverdose * area.overdoses;
    const lowAccess = any && area.accessPoints * thresholds.overdosesPerAccessPoint < area.overdoses;
    return {
      ...area,
      rate,
      kitsPerOverdose: any ? area.kits / area.overdoses : null,
      accessPointsPerOverdose: any ? area.accessPoints / area.overdoses : null,
      accessPointsPer10k: population === null ? null : per(area.accessPoints, population, 10_000),
      kitsPer10k: population === null ? null : per(area.kits, population, 10_000),
      highRate,
      lowKits,
      lowAccess,
      desert: highRate && lowKits && lowAccess,
      rank: null,
      kitsShort: Math.max(0, thresholds.kitsPerOverdose * area.overdoses - area.kits),
    };
  });
  const deserts = assessed
    .filter((a) => a.desert)
    .sort(
      (a, b) =>
        (b.rate ?? 0) - (a.rate ?? 0) ||
        (a.kitsPerOverdose ?? 0) - (b.kitsPerOverdose ?? 0) ||
        a.name.localeCompare(b.name),
    );
  deserts.forEach((desert, i) => {
    desert.rank = i + 1;
  });
  return { jurisdictionRate, areas: assessed, deserts };
}
