/**
 * Thrown by a detection method when its parameters cannot work on the series given (a baseline
 * longer than the history, a range outside the series). The algorithms import nothing of ours, so
 * callers translate it into the catalog's DETECTION_PARAMETER_INVALID.
 */
export class DetectionParameterError extends Error {
  readonly parameter: string;

  constructor(parameter: string, message: string) {
    super(message);
    this.name = 'DetectionParameterError';
    this.parameter = parameter;
  }
}

/** Checks that a 1-based range lies within a series of `length` periods and starts after `history`. */
export function checkRange(range: readonly [number, number], length: number, history: number): void {
  const [first, last] = range;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first > last) {
    throw new DetectionParameterError('range', `range must be two whole numbers [first, last], first ≤ last`);
  }
  if (last > length) {
    throw new DetectionParameterError('range', `range ends at period ${last}, but the series has ${length}`);
  }
  if (first - history < 1) {
    throw new DetectionParameterError(
      'range',
      `range starts at period ${first}, but the method needs ${history} earlier period${history === 1 ? '' : 's'}: start at ${history + 1} or later`,
    );
  }
}
