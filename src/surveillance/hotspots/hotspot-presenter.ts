import { z } from 'zod';
import type { HotSpot, HotSpotAnalysis } from './hotspot-service.js';

/** One area (or H3 cell) of a hot-spot analysis as it leaves the server. */
const hotSpotAreaSchema = z.object({
  id: z.string(),
  name: z
    .string()
    .nullable()
    .describe(
      "The area's name; for an H3 cell, the name of the area of the first layer that holds its center",
    ),
  count: z.number().int().describe("The area's own overdoses"),
  neighbourhood_count: z
    .number()
    .int()
    .describe('The overdoses of the area and its neighbours: the sum Gi* weighs, so what makes an area hot'),
  neighbourhood_size: z
    .number()
    .int()
    .describe('How many areas that sum covers (the area and its neighbours)'),
  population: z.number().nullable(),
  rate_per_100k: z.number().nullable(),
  rate_unreliable: z.boolean().describe('The rate rests on fewer than 20 overdoses (the reports\' "*")'),
  z: z.number().nullable().describe('Getis-Ord Gi* z-score'),
  p: z.number().nullable().describe('Two-sided p-value'),
  q: z.number().nullable().describe('Benjamini-Hochberg adjusted p-value over all areas of the analysis'),
  hot: z
    .boolean()
    .describe('z > 0 and q < alpha, with overdoses of its own, in a window with enough to test'),
  few_of_its_own: z
    .boolean()
    .describe('A hot area with fewer than 3 overdoses of its own: its neighbours made it hot'),
});

/** A hot-spot analysis as it leaves the server: its window and layer, and the areas ranked by z. */
export const hotSpotAnalysisSchema = z.object({
  from: z.string(),
  to: z.string(),
  layer: z.string(),
  alpha: z.number(),
  total: z.number().int().describe('The overdoses counted in the window'),
  too_few_to_test: z.boolean().describe('Too few overdoses in the window to call any area hot'),
  areas: z
    .array(hotSpotAreaSchema)
    .describe('Every area of the study area, empty ones included, ranked by z'),
});

/** A hot-spot analysis as it leaves the server. */
export type PresentedHotSpotAnalysis = z.infer<typeof hotSpotAnalysisSchema>;

function presentHotSpot(spot: HotSpot): z.infer<typeof hotSpotAreaSchema> {
  return {
    id: spot.id,
    name: spot.name,
    count: spot.count,
    neighbourhood_count: spot.neighbourhoodCount,
    neighbourhood_size: spot.neighbourhoodSize,
    population: spot.population,
    rate_per_100k: spot.ratePer100k,
    rate_unreliable: spot.rateUnreliable,
    z: spot.z,
    p: spot.p,
    q: spot.q,
    hot: spot.hot,
    few_of_its_own: spot.fewOfItsOwn,
  };
}

/** The fields of an analysis that leave, with the answer's names. */
export function presentHotSpotAnalysis(analysis: HotSpotAnalysis): PresentedHotSpotAnalysis {
  return {
    from: analysis.from,
    to: analysis.to,
    layer: analysis.layer,
    alpha: analysis.alpha,
    total: analysis.total,
    too_few_to_test: analysis.tooFewToTest,
    areas: analysis.areas.map(presentHotSpot),
  };
}
