/** The codes of detection's errors: the same codes as in the error catalog (`src/platform/errors.ts`). */
export type DetectionErrorCode =
  | 'DETECTION_PARAMETER_INVALID'
  | 'SCAN_PARAMETER_INVALID'
  | 'SCAN_PARAMETER_UNSUPPORTED'
  | 'SCAN_DATA_INVALID'
  | 'CSV_INVALID_VALUE'
  | 'FILE_EMPTY';

/**
 * Thrown when detection's input (a count series, scan parameters, case or coordinates files) cannot
 * be used. Detection imports nothing of ours, so the callers (the `sos detect` and `sos scan`
 * commands, statistical alert rules) turn it into the catalog's error of the same code and message.
 */
export class DetectionError extends Error {
  readonly code: DetectionErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: DetectionErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DetectionError';
    this.code = code;
    this.details = details;
  }
}
