import { RELIABLE_EVENTS } from '../surveillance/aggregates/rate-reliability.js';
import type { PublishedValue } from './published-table.js';

/** A rate as published: never shown where its count is hidden; flagged when under 20 events. */
export interface PublishedRate {
  /** Events per `per` population, or null when the count is suppressed or there is no population. */
  rate: number | null;
  unreliable: boolean;
}

/** The rate of a published count per `per` people (100,000 by default). */
export function publishedRate(count: PublishedValue, population: number, per = 100_000): PublishedRate {
  if (count === null || !(population > 0))
    return { rate: null, unreliable: count === null || count < RELIABLE_EVENTS };
  return { rate: (count / population) * per, unreliable: count < RELIABLE_EVENTS };
}
