import type { Queryable } from '../platform/database.js';
import { type AreaLocator, loadAreaLocator } from './area-locator.js';

/** Area locators per jurisdiction, built once and rebuilt when a layer changes. */
export class AreaLocatorCache {
  private readonly locators = new Map<string, Promise<AreaLocator>>();

  constructor(private readonly db: Queryable) {}

  /** The locator of a jurisdiction, loading its layers on first use. */
  get(jurisdictionId: string): Promise<AreaLocator> {
    let locator = this.locators.get(jurisdictionId);
    if (!locator) {
      locator = loadAreaLocator(this.db, jurisdictionId);
      locator.catch(() => this.locators.delete(jurisdictionId));
      this.locators.set(jurisdictionId, locator);
    }
    return locator;
  }

  /** Forgets a jurisdiction's locator after its layers changed. */
  invalidate(jurisdictionId: string): void {
    this.locators.delete(jurisdictionId);
  }
}
