import type { IntakeItemResult } from './intake-service.js';

/** The answer about one submitted report: exactly these fields leave the server. */
export function presentIntakeResult(r: IntakeItemResult) {
  return {
    index: r.index,
    source_record_id: r.sourceRecordId,
    status: r.status,
    ...(r.reportId ? { report_id: r.reportId } : {}),
    ...(r.overdoseId ? { overdose_id: r.overdoseId } : {}),
    ...(r.version ? { version: r.version } : {}),
    ...(r.sealedKeys ? { sealed_keys: r.sealedKeys } : {}),
    ...(r.droppedKeys ? { dropped_keys: r.droppedKeys } : {}),
    problems: r.problems.map((p) => ({
      field: p.field,
      code: p.code,
      severity: p.severity,
      message: p.message,
    })),
  };
}
