import type { Purpose } from '../access/purpose.js';
import type { Actor } from '../access/roles.js';
import { SosError } from '../platform/errors.js';
import { timeDuringCase } from './case-record-access.js';
import {
  type CaseRecordKind,
  type RecordDependencies,
  type Recorded,
  readCaseRecords,
  writeCaseRecord,
} from './case-record-operations.js';
import { type PresentedVisit, presentVisit } from './case-record-presenter.js';
import type { Visit } from './case-records.js';
import { listConsents } from './consent-repository.js';
import { listContactAttempts } from './contact-attempt-repository.js';
import {
  furtherContactRefusal,
  isInPersonVisit,
  lawEnforcementPresent,
  lawEnforcementRefusal,
  networkConsentRefusal,
  phoneFirstRefusal,
} from './outreach-rules.js';
import type { NetworkReceipt, OfficerDress, OutreachService, VisitLocation } from './outreach-vocabulary.js';
import { findActiveTeamMembers, findVisit, insertVisit, listVisits } from './visit-repository.js';

/** A visit as a worker records it (the API's body). */
export interface VisitInput {
  client_id?: string | undefined;
  visited_at?: string | undefined;
  location_type: VisitLocation;
  present_member_ids: string[];
  law_enforcement: { present: boolean; dress?: OfficerDress | undefined };
  services_offered: OutreachService[];
  services_accepted: OutreachService[];
  risk_reduction_plan?: string | undefined;
  network_reached: { relation: string; consent_id: string; received: NetworkReceipt[] }[];
}

/** Visits, as the reads and writes of a case's records handle them. */
const visitKind: CaseRecordKind<Visit, PresentedVisit> = {
  name: 'visit',
  list: listVisits,
  find: findVisit,
  recordedBy: (v) => v.recordedBy,
  present: presentVisit,
};

/** The visits of a case, oldest first; an audited read of T3 with its purpose. */
export function readVisits(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  purpose: Purpose,
): Promise<PresentedVisit[]> {
  return readCaseRecords(deps, caller, caseId, purpose, visitKind);
}

/**
 * Records a visit on a case: no visit after a decline without further consent, the team present (active
 * members of the case's program), law enforcement against the program's policy, phone first, and consent
 * for every network member reached; the visit
 * and its audit entry in one transaction. A client_id already stored on this case answers that visit.
 */
export function recordVisit(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  input: VisitInput,
): Promise<Recorded<PresentedVisit>> {
  return writeCaseRecord(deps, caller, caseId, input.client_id, visitKind, async (w) => {
    const { tx, actor, outreachCase, program, now } = w;
    const j = actor.jurisdictionId;
    const at = input.visited_at
      ? timeDuringCase(new Date(input.visited_at), outreachCase, now, 'visited_at')
      : now;
    const { present: flagged, dress } = input.law_enforcement;
    if (flagged && !dress) {
      throw new SosError(
        'VALIDATION_FAILED',
        'Say how the officer present was dressed (plain_clothes or uniform)',
        {
          field: 'law_enforcement.dress',
        },
      );
    }
    if (!flagged && dress) {
      throw new SosError('VALIDATION_FAILED', 'A dress is said only of law enforcement present', {
        field: 'law_enforcement.dress',
      });
    }
    const notOffered = input.services_accepted.filter((s) => !input.services_offered.includes(s));
    if (notOffered.length > 0) {
      throw new SosError('VALIDATION_FAILED', `Services accepted but not offered: ${notOffered.join(', ')}`, {
        field: 'services_accepted',
      });
    }
    const memberIds = [...new Set(input.present_member_ids)];
    const members = await findActiveTeamMembers(tx, j, program.id, memberIds);
    const strangers = memberIds.filter((id) => !members.some((m) => m.id === id));
    if (strangers.length > 0) {
      throw new SosError(
        'VALIDATION_FAILED',
        `Not active members of the case's program: ${strangers.join(', ')}`,
        { field: 'present_member_ids' },
      );
    }
    const presentRoles = members.map((m) => m.teamRole);
    const consents = await listConsents(tx, j, caseId);
    const attempts = await listContactAttempts(tx, j, caseId);
    const refusal =
      // A visit is contact too: a survivor who declined is not visited without agreeing again.
      furtherContactRefusal({ attempts, consents, at, now, field: 'visited_at' }) ??
      lawEnforcementRefusal({
        policy: program.lawEnforcementAtVisits,
        flagged,
        dress: dress ?? null,
        presentRoles,
      }) ??
      phoneFirstRefusal({
        inPerson: isInPersonVisit(input.location_type),
        phoneFirst: program.phoneFirst,
        consents,
        at,
        now,
        field: 'location_type',
      }) ??
      networkConsentRefusal({
        consentIds: input.network_reached.map((n) => n.consent_id),
        consents,
        at,
        now,
      });
    if (refusal) throw refusal;

    // Members in the order the request named them, as they were then (agency and role may change later).
    const byId = new Map(members.map((m) => [m.id, m]));
    const visit: Visit = {
      jurisdictionId: j,
      id: w.id,
      caseId,
      visitedAt: at,
      locationType: input.location_type,
      present: memberIds.map((id) => {
        const m = byId.get(id) as (typeof members)[number];
        return { member_id: m.id, display_name: m.displayName, agency: m.agency, team_role: m.teamRole };
      }),
      lawEnforcementPresent: lawEnforcementPresent(flagged, presentRoles),
      lawEnforcementDress: dress ?? null,
      servicesOffered: [...new Set(input.services_offered)],
      servicesAccepted: [...new Set(input.services_accepted)],
      riskReductionPlan: input.risk_reduction_plan?.trim() || null,
      networkReached: input.network_reached.map((n) => ({
        relation: n.relation.trim(),
        consent_id: n.consent_id,
        received: [...new Set(n.received)],
      })),
      recordedBy: actor.userId,
      recordedAt: now,
    };
    await insertVisit(tx, visit);
    return {
      record: visit,
      details: {
        location_type: visit.locationType,
        law_enforcement_present: visit.lawEnforcementPresent,
        law_enforcement_dress: visit.lawEnforcementDress,
        network_reached: visit.networkReached.length,
      },
    };
  });
}
