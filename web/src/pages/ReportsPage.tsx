import { useState } from 'react';
import type { Me } from '../api';
import { InternalReportDomains } from '../components/InternalReportDomains';
import { ReportArchive } from '../components/ReportArchive';
import { ReportSchedules } from '../components/ReportSchedules';

/** The roles that manage report schedules (the server's report_schedule.manage). */
const MANAGERS: Me['role'][] = ['analyst', 'administrator'];

/** Weekly reports: the archive the user may read and, for those who manage them, the schedules. */
export function ReportsPage({ me }: { me: Me }) {
  const [archiveVersion, setArchiveVersion] = useState(0);
  const [domainsVersion, setDomainsVersion] = useState(0);
  return (
    <section className="reports">
      <h1>Reports</h1>
      <p className="muted">
        Weekly overdose reports, one per MMWR week and audience. You see the reports made for your role.
      </p>
      <ReportArchive version={archiveVersion} />
      {MANAGERS.includes(me.role) && (
        <ReportSchedules onRun={() => setArchiveVersion((v) => v + 1)} domainsVersion={domainsVersion} />
      )}
      {/* Only analysts, who may read internal reports, choose who else may receive them. */}
      {me.role === 'analyst' && <InternalReportDomains onSaved={() => setDomainsVersion((v) => v + 1)} />}
    </section>
  );
}
