import { z } from 'zod';
import { recordAuditEntries } from '../access/audit/audit-log.js';
import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor } from '../access/roles.js';
import { openPerson } from '../persons/person-vault.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Keyring } from '../platform/keyring.js';
import { enqueueEvent } from '../platform/outbox/outbox-store.js';
import { assertCaseOpen, authorizeCaseRecords, openCaseForRecords } from './case-record-access.js';
import { HANDLE_WITH_CARE_TOPIC, handleWithCareMail } from './handle-with-care-mail.js';
import {
  findNotice,
  type HandleWithCareNotice,
  insertNotice,
  recordDelivery,
} from './handle-with-care-repository.js';
import { findHouseholdMember } from './household-repository.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import type { OutreachMailer } from './outreach-mailer.js';
import { nextSchoolDayStart } from './school-day.js';
import { findSchool } from './school-repository.js';

/** A notice as answered to the worker who asked for it. */
export interface RequestedNotice {
  notice: HandleWithCareNotice;
  schoolName: string;
}

/**
 * Asks for a Handle with Care notice about a named child of the case's household: due before the next
 * school day in the jurisdiction's time zone, to the school's designated contact, sent by the outbox
 * after the commit (its payload names the notice only: the child is read from the vault when sending).
 */
export async function requestHandleWithCare(
  deps: OutreachDependencies,
  caller: Actor,
  caseId: string,
  householdMemberId: string,
): Promise<RequestedNotice> {
  authorizeCaseRecords(caller, 'outreach.write');
  const now = deps.clock.now();
  const requested = await deps.db.transaction(async (tx) => {
    const { actor, outreachCase } = await openCaseForRecords(tx, deps.clock, caller, caseId, {
      action: 'outreach.write',
      purpose: 'treatment',
      lock: true,
    });
    assertCaseOpen(outreachCase);
    const j = actor.jurisdictionId;
    const member = await findHouseholdMember(tx, j, householdMemberId);
    if (!member || member.caseId !== caseId) {
      throw new SosError('NOT_FOUND', `No household member ${householdMemberId} on this outreach case`);
    }
    if (member.personId === null || member.schoolId === null) {
      throw new SosError(
        'VALIDATION_FAILED',
        'A Handle with Care notice is about a child recorded with name, birth date and school',
        { field: 'household_member_id' },
      );
    }
    const school = await findSchool(tx, j, member.schoolId);
    if (!school?.active) {
      throw new SosError('VALIDATION_FAILED', "The child's school is no longer active", {
        field: 'household_member_id',
      });
    }
    const timeZone = (await findJurisdiction(tx, j))?.timeZone ?? 'UTC';
    const notice: HandleWithCareNotice = {
      jurisdictionId: j,
      id: newId(now.getTime()),
      caseId,
      householdMemberId,
      schoolId: school.id,
      dueBy: nextSchoolDayStart(now, timeZone),
      status: 'pending',
      recipientEmail: school.contactEmail,
      sentAt: null,
      messageId: null,
      failure: null,
      createdBy: actor.userId,
      createdAt: now,
    };
    await insertNotice(tx, notice);
    await enqueueEvent(tx, HANDLE_WITH_CARE_TOPIC, { jurisdiction_id: j, notice_id: notice.id });
    await recordAuditEntries(tx, j, now, [
      {
        ...auditActor(actor),
        action: 'outreach_handle_with_care.create',
        subjectType: 'outreach_case',
        subjectId: caseId,
        purpose: 'treatment',
        details: { notice_id: notice.id, household_member_id: householdMemberId, school_id: school.id },
      },
    ]);
    return { notice, schoolName: school.name };
  });
  deps.outboxWritten?.();
  return requested;
}

/** The outbox payload of a notice. */
const storedNotice = z.object({ jurisdiction_id: z.uuid(), notice_id: z.uuid() });

/** The sender of notices: the host, which opens the child's name from the vault (an audited read). */
const sender: Actor = { kind: 'system', label: 'handle-with-care' };

/**
 * Sends a notice taken from the outbox and records the delivery: sent with its message id, or failed
 * with why (a refused send throws, so the outbox tries again; without an SMTP server it is recorded as
 * failed and dropped). The child's name and birth date are opened from the vault for this send only.
 */
export async function deliverHandleWithCare(
  deps: { db: Database; keyring: Keyring; clock: Clock; mailer: OutreachMailer },
  payload: unknown,
): Promise<void> {
  const { jurisdiction_id: j, notice_id } = storedNotice.parse(payload);
  const notice = await findNotice(deps.db, j, notice_id);
  if (!notice || notice.status === 'sent') return;
  if (!deps.mailer.configured) {
    await recordDelivery(deps.db, j, notice.id, { status: 'failed', failure: 'SOS_SMTP_URL is not set' });
    return;
  }
  const member = await findHouseholdMember(deps.db, j, notice.householdMemberId);
  const school = await findSchool(deps.db, j, notice.schoolId);
  if (!member?.personId || !school) {
    await recordDelivery(deps.db, j, notice.id, { status: 'failed', failure: 'the child or school is gone' });
    return;
  }
  const child = await openPerson(
    deps.db,
    deps.keyring,
    sender,
    { jurisdictionId: j, personId: member.personId, use: 'operations' },
    deps.clock.now(),
  );
  const mail = handleWithCareMail(notice.recipientEmail, {
    childName: [child.first_name, child.last_name].filter(Boolean).join(' '),
    birthDate: child.birth_date ?? '',
    schoolName: school.name,
  });
  try {
    const messageId = await deps.mailer.send(mail);
    await recordDelivery(deps.db, j, notice.id, { status: 'sent', sentAt: deps.clock.now(), messageId });
  } catch (error) {
    await recordDelivery(deps.db, j, notice.id, {
      status: 'failed',
      failure: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}
