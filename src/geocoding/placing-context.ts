import type { GazetteerPoint } from './gazetteer.js';
import { bundledGazetteer } from './gazetteer.js';
import { jurisdictionStates, type PlacingContext } from './place-report.js';

/** What placing reads of a jurisdiction's area locator: its layers and which areas hold a point. */
export interface LocatorLike {
  readonly layerIds: readonly string[];
  assign(latitude: number, longitude: number): { areas: readonly unknown[] };
}

// A locator is built once per jurisdiction and its layers; its states are found once with it.
const statesOfLocator = new WeakMap<LocatorLike, ReadonlySet<string> | null>();

/**
 * The placing context of a batch: the bundled gazetteer, the jurisdiction's states (those of the ZIP
 * centroids inside its areas; none without layers) and the geocoder's answers. The states are found
 * when a city is first looked up, once per locator: a batch of ZIP codes never needs them.
 */
export function placingContextFor(
  locator: LocatorLike,
  geocoded?: ReadonlyMap<string, GazetteerPoint | null>,
): PlacingContext {
  const gazetteer = bundledGazetteer();
  return {
    gazetteer,
    get states() {
      let states = statesOfLocator.get(locator);
      if (states === undefined) {
        states =
          locator.layerIds.length === 0
            ? null
            : jurisdictionStates(gazetteer, (lat, lon) => locator.assign(lat, lon).areas.length > 0);
        statesOfLocator.set(locator, states);
      }
      return states;
    },
    ...(geocoded ? { geocoded } : {}),
  };
}
