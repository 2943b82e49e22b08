import type { AuditRecord } from '../access/audit/audit-chain.js';
import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { PersonsReported } from '../intake/person-events.js';
import { newId } from '../platform/ids.js';
import {
  addCaseOverdose,
  findOpenCaseOfPerson,
  insertOpenedCase,
  lockCaseOpening,
} from './case-opening-repository.js';
import { caseKindFor, programsServing } from './case-opening-rule.js';
import { findPrograms } from './case-repository.js';
import type { OutreachDependencies } from './outreach-dependencies.js';

/** Who opens cases from overdoses: the system, on intake's event, not a person. */
export const caseOpener: Actor = { kind: 'system', label: 'outreach.case-opening' };

/** What handling one event did: the cases opened and the overdoses that joined an open case. */
export interface CaseOpeningOutcome {
  opened: string[];
  absorbed: number;
}

/**
 * Opens or extends outreach cases from the reports of one intake batch that named a person (the
 * `persons.reported` event), in one transaction. For each program whose service areas hold the
 * overdose: a death opens a family-support case where the program does that work, and nothing
 * otherwise; any other overdose joins the program's open case of the same person (same vault id or
 * match key; its clock keeps running from the first overdose), or opens a new case whose clock starts
 * at the overdose. An overdose joins at most one case per program, so an event handled again is a no-op.
 */
export async function openCasesFromReports(
  deps: OutreachDependencies,
  event: PersonsReported,
  actor: Actor = caseOpener,
): Promise<CaseOpeningOutcome> {
  authorize(actor, 'outreach.write');
  const jurisdictionId = event.jurisdiction_id;
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    await lockCaseOpening(tx, jurisdictionId);
    const programs = await findPrograms(tx, jurisdictionId);
    const outcome: CaseOpeningOutcome = { opened: [], absorbed: 0 };
    const audit: AuditRecord[] = [];
    for (const report of event.reports) {
      for (const { program, areaId } of programsServing(report.areas, programs)) {
        const kind = caseKindFor(report.fatal, program);
        if (kind === null) continue;
        const existing =
          kind === 'post_overdose'
            ? await findOpenCaseOfPerson(tx, jurisdictionId, program.id, {
                personId: report.person_id,
                matchKey: report.match_key,
              })
            : null;
        const caseId = existing ?? newId();
        const occurredAt = new Date(report.occurred_at);
        const added = await addCaseOverdose(tx, {
          jurisdictionId,
          programId: program.id,
          caseId,
          overdoseId: report.overdose_id,
          organizationId: report.organization_id,
          occurredAt,
          fatal: report.fatal,
          addedAt: now,
        });
        if (!added) continue;
        if (existing) {
          outcome.absorbed++;
          continue;
        }
        await insertOpenedCase(tx, {
          jurisdictionId,
          id: caseId,
          programId: program.id,
          kind,
          personId: report.person_id,
          matchKey: report.match_key,
          clockStartedAt: occurredAt,
          areaId,
          contactFlags: report.contact_flags,
          openedAt: now,
        });
        outcome.opened.push(caseId);
        audit.push({
          ...auditActor(actor),
          action: 'outreach_case.open',
          subjectType: 'outreach_case',
          subjectId: caseId,
          purpose: 'operations',
          details: { program_id: program.id, kind, origin: 'overdose', overdose_id: report.overdose_id },
        });
      }
    }
    if (audit.length > 0) await recordAuditEntries(tx, jurisdictionId, now, audit);
    return outcome;
  });
}
