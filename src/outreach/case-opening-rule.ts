import type { OutreachProgram } from './case-repository.js';
import type { CaseKind } from './outreach-vocabulary.js';

/** An overdose's area in one layer. */
export interface OverdoseArea {
  layer_id: string;
  area_id: string;
}

/** A program an overdose concerns, and the area it was in among the program's service areas. */
export interface ServingProgram {
  program: OutreachProgram;
  areaId: string;
}

/**
 * The programs whose service areas hold one of the overdose's areas, each with that area (the first
 * of the program's service areas the overdose is in, so a program serving towns and tracts names one).
 */
export function programsServing(
  areas: readonly OverdoseArea[],
  programs: readonly OutreachProgram[],
): ServingProgram[] {
  const inside = new Set(areas.map((a) => `${a.layer_id}\u0000${a.area_id}`));
  const serving: ServingProgram[] = [];
  for (const program of programs) {
    const area = program.serviceAreas.find((s) => inside.has(`${s.layer_id}\u0000${s.area_id}`));
    if (area) serving.push({ program, areaId: area.area_id });
  }
  return serving;
}

/**
 * The kind of case an overdose opens in a program: a survivor's after a non-fatal (or unknown)
 * outcome; after a death, a family-support case only where the program does that work, else none.
 */
export function caseKindFor(
  fatal: boolean | null,
  program: Pick<OutreachProgram, 'familySupport'>,
): CaseKind | null {
  if (fatal !== true) return 'post_overdose';
  return program.familySupport ? 'family_support' : null;
}
