import type { Purpose } from '../access/purpose.js';
import type { Actor } from '../access/roles.js';
import { sealPerson, storeSealedPersons } from '../persons/person-vault.js';
import { SosError } from '../platform/errors.js';
import {
  type CaseRecordKind,
  type Recorded,
  readCaseRecords,
  writeCaseRecord,
} from './case-record-operations.js';
import type { UserNames } from './case-record-presenter.js';
import {
  findHouseholdMember,
  insertHouseholdMember,
  type ListedHouseholdMember,
  listHouseholdMembers,
} from './household-repository.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import type { HouseholdRelation } from './outreach-vocabulary.js';
import { findSchool } from './school-repository.js';

/** A household member as a worker records it (the API's body). */
export interface HouseholdMemberInput {
  client_id?: string | undefined;
  relation: HouseholdRelation;
  age_years?: number | undefined;
  caregiver?: string | undefined;
  child?: { first_name: string; last_name: string; birth_date: string; school_id: string } | undefined;
}

/** A household member as answered: a child's name stays in the vault, only that it is there is said. */
export interface PresentedHouseholdMember {
  id: string;
  case_id: string;
  relation: HouseholdRelation;
  age_years: number | null;
  caregiver: string | null;
  child_named: boolean;
  school: { id: string; name: string } | null;
  recorded_by: { user_id: string; display_name: string };
  recorded_at: string;
}

function presentMember(m: ListedHouseholdMember, names: UserNames): PresentedHouseholdMember {
  return {
    id: m.id,
    case_id: m.caseId,
    relation: m.relation as HouseholdRelation,
    age_years: m.ageYears,
    caregiver: m.caregiver,
    child_named: m.personId !== null,
    school: m.schoolId && m.schoolName !== null ? { id: m.schoolId, name: m.schoolName } : null,
    recorded_by: { user_id: m.recordedBy, display_name: names.get(m.recordedBy) ?? '' },
    recorded_at: m.recordedAt.toISOString(),
  };
}

/** Household members, as the reads and writes of a case's records handle them. */
const householdKind: CaseRecordKind<ListedHouseholdMember, PresentedHouseholdMember> = {
  name: 'household_member',
  list: listHouseholdMembers,
  find: findHouseholdMember,
  recordedBy: (m) => m.recordedBy,
  present: presentMember,
};

/** The household of a case, in the order recorded; an audited read of T3. */
export function readHousehold(
  deps: OutreachDependencies,
  caller: Actor,
  caseId: string,
  purpose: Purpose,
): Promise<PresentedHouseholdMember[]> {
  return readCaseRecords(deps, caller, caseId, purpose, householdKind);
}

/**
 * Records a member of the survivor's household. A child may be named for Handle with Care: the name
 * and birth date are sealed in the vault with no match key (a child is never linked to the overdoses
 * of intake), and the child's school must be one of the jurisdiction's active schools.
 */
export function recordHouseholdMember(
  deps: OutreachDependencies,
  caller: Actor,
  caseId: string,
  input: HouseholdMemberInput,
): Promise<Recorded<PresentedHouseholdMember>> {
  return writeCaseRecord(deps, caller, caseId, input.client_id, householdKind, async (w) => {
    const j = w.actor.jurisdictionId;
    let personId: string | null = null;
    let schoolId: string | null = null;
    if (input.child) {
      if (input.relation !== 'child') {
        throw new SosError('VALIDATION_FAILED', 'Only a child is named with a school', { field: 'child' });
      }
      const school = await findSchool(w.tx, j, input.child.school_id);
      if (!school?.active) {
        throw new SosError(
          'VALIDATION_FAILED',
          `No active school ${input.child.school_id} in this jurisdiction`,
          {
            field: 'child.school_id',
          },
        );
      }
      const sealed = sealPerson(deps.keyring, {
        first_name: input.child.first_name.trim(),
        last_name: input.child.last_name.trim(),
        birth_date: input.child.birth_date,
      });
      await storeSealedPersons(w.tx, j, [{ ...sealed, matchKeys: [] }]);
      personId = sealed.id;
      schoolId = school.id;
    }
    const member: ListedHouseholdMember = {
      jurisdictionId: j,
      id: w.id,
      caseId,
      relation: input.relation,
      ageYears: input.age_years ?? null,
      caregiver: input.caregiver?.trim() || null,
      personId,
      schoolId,
      schoolName: null,
      recordedBy: w.actor.userId,
      recordedAt: w.now,
    };
    await insertHouseholdMember(w.tx, member);
    const stored = (await findHouseholdMember(w.tx, j, member.id)) as ListedHouseholdMember;
    return { record: stored, details: { relation: member.relation, child_named: personId !== null } };
  });
}
