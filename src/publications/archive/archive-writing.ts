import { recordAuditEntries } from '../../access/audit/audit-log.js';
import { type Actor, auditActor } from '../../access/roles.js';
import type { Queryable } from '../../platform/database.js';
import { insertArchivedReport } from './archive-repository.js';
import type { ArchivedFile } from './archived-report.js';

/**
 * Keeps a made report in the archive with its audit entry (who made it, the week, audience, format,
 * size and SHA-256, and `details`), inside the caller's transaction: by hand or by a schedule alike.
 */
export async function archiveMadeReport(
  tx: Queryable,
  actor: Actor,
  file: ArchivedFile,
  details: Record<string, unknown> = {},
): Promise<void> {
  await insertArchivedReport(tx, file);
  await recordAuditEntries(tx, file.jurisdictionId, file.madeAt, [
    {
      ...auditActor(actor),
      action: 'report_archive.create',
      subjectType: 'report_archive',
      subjectId: file.id,
      purpose: null,
      details: {
        scheduleId: file.scheduleId,
        week: file.week,
        audience: file.audience,
        format: file.format,
        size: file.size,
        sha256: file.sha256,
        ...details,
      },
    },
  ]);
}
