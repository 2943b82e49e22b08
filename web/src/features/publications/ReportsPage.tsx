import { useState } from 'react';
import type { ArchivedReport, Me } from '../../shared/api-responses';
import { InternalReportDomains } from './InternalReportDomains';
import { ReportArchive } from './ReportArchive';
import { ReportMaker } from './ReportMaker';
import { ReportSchedules } from './ReportSchedules';

/**
 * The roles that manage report schedules (the server's report_schedule.manage), each with the
 * audience a new schedule starts with: analysts their own (internal); administrators the one they
 * may read (public).
 */
const SCHEDULE_AUDIENCE: Partial<Record<Me['role'], ArchivedReport['audience']>> = {
  analyst: 'internal',
  administrator: 'public',
};

/**
 * Weekly reports: a report of a chosen week made by hand, the archive the user may read (managers:
 * every entry) and, for those who manage them, the schedules.
 */
export function ReportsPage({ me }: { me: Me }) {
  const [archiveVersion, setArchiveVersion] = useState(0);
  const scheduleAudience = SCHEDULE_AUDIENCE[me.role];
  const reload = () => setArchiveVersion((v) => v + 1);
  const [domainsVersion, setDomainsVersion] = useState(0);
  return (
    <section className="reports">
      <h1>Reports</h1>
      <p className="muted">
        Weekly overdose reports, one per MMWR week and audience. You see the reports made for your role.
      </p>
      <ReportMaker onMade={reload} />
      <ReportArchive version={archiveVersion} />
      {scheduleAudience && (
        <ReportSchedules onRun={reload} defaultAudience={scheduleAudience} domainsVersion={domainsVersion} />
      )}
      {/* Only analysts, who may read internal reports, choose who else may receive them. */}
      {me.role === 'analyst' && <InternalReportDomains onSaved={() => setDomainsVersion((v) => v + 1)} />}
    </section>
  );
}
