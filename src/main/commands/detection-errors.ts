import { DetectionError } from '../../detection/detection-error.js';
import { SosError } from '../../platform/errors.js';

/**
 * Runs a command's work on detection, turning a DetectionError into the catalog's error of the same
 * code, message and details (what the command line prints and scripts switch on).
 */
export async function withCatalogErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DetectionError) throw new SosError(error.code, error.message, error.details);
    throw error;
  }
}
