import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import { findOrganization } from '../access/jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor } from '../access/roles.js';
import { activeUserRoles } from '../access/users/user-directory.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { layersOf, nameOfArea } from '../surveillance/layer-geometry-service.js';
import { findProgram, findPrograms, type OutreachProgram } from './case-repository.js';
import { programResource } from './outreach-access.js';
import type { LawEnforcementPolicy, Material, TeamRole } from './outreach-vocabulary.js';
import { mayViewProgram, outreachReader, programNotFound } from './program-access.js';
import {
  type PresentedProgram,
  presentMember,
  presentPolicies,
  presentProgram,
} from './program-presenter.js';
import {
  findMember,
  findMembers,
  insertMember,
  insertProgram,
  type ProgramMember,
  updateMember,
  updateProgram,
} from './program-repository.js';

/** What the program services need. */
export interface ProgramDependencies {
  db: Database;
  clock: Clock;
}

/** A program's policies, any of which a request may set (the rest keep their defaults or values). */
export interface ProgramPolicies {
  response_window_hours: number;
  attempt_cap: number;
  phone_first: boolean;
  law_enforcement_at_visits: LawEnforcementPolicy;
  infraction_policy: string;
  materials_allowed: Material[];
  family_support: boolean;
  retention_days: number;
  referral_answer_days: number;
}

/**
 * The policies of a new program that says nothing: PRONTO's defaults (a 72-hour window, five attempts,
 * phone first, no law enforcement at visits, two years' retention) and the materials it names.
 */
export const defaultPolicies: ProgramPolicies = {
  response_window_hours: 72,
  attempt_cap: 5,
  phone_first: true,
  law_enforcement_at_visits: 'never',
  infraction_policy: '',
  materials_allowed: ['naloxone', 'fentanyl_test_strips', 'contact_card', 'resource_guide'],
  family_support: false,
  retention_days: 730,
  referral_answer_days: 3,
};

/** A service area as requests name it. */
export interface ServiceArea {
  layer_id: string;
  area_id: string;
}

/** The programs the actor sees: her own team's (coordinators, workers), every one (administrators, analysts). */
export async function listPrograms(deps: ProgramDependencies, actor: Actor): Promise<PresentedProgram[]> {
  const reader = await outreachReader(deps.db, actor);
  const programs = (await findPrograms(deps.db, reader.jurisdictionId)).filter((p) =>
    mayViewProgram(reader, p),
  );
  const members = await findMembers(
    deps.db,
    reader.jurisdictionId,
    programs.map((p) => p.id),
  );
  return programs.map((p) =>
    presentProgram(
      p,
      members.filter((m) => m.programId === p.id),
    ),
  );
}

/** One program with its team; NOT_FOUND when the actor may not see it. */
export async function readProgram(
  deps: ProgramDependencies,
  actor: Actor,
  programId: string,
): Promise<PresentedProgram> {
  const reader = await outreachReader(deps.db, actor);
  const program = await findProgram(deps.db, reader.jurisdictionId, programId);
  if (!program || !mayViewProgram(reader, program)) throw programNotFound();
  return presentProgram(program, await findMembers(deps.db, reader.jurisdictionId, [program.id]));
}

/** Creates a program (administrators), its areas and organization checked, audited. */
export async function createProgram(
  deps: ProgramDependencies,
  actor: Actor,
  input: {
    name: string;
    organization_id: string;
    service_areas: ServiceArea[];
    policies?: Partial<ProgramPolicies>;
    privacy_contact?: string | null;
  },
  /** The jurisdiction, for the host (the demo, a command); a user acts in her own. */
  hostJurisdictionId?: string,
): Promise<PresentedProgram> {
  const { reader, jurisdictionId } = await programManager(deps.db, actor, hostJurisdictionId);
  const id = newId();
  // A coordinator manages only programs she is a member of: a new one is nobody's yet.
  authorize(reader, 'outreach_program.manage', programResource({ id, jurisdictionId }));
  if (!(await findOrganization(deps.db, jurisdictionId, input.organization_id))) {
    throw new SosError('VALIDATION_FAILED', `No organization ${input.organization_id} in this jurisdiction`, {
      field: 'organization_id',
    });
  }
  await checkServiceAreas(deps.db, jurisdictionId, input.service_areas);
  const policies = { ...defaultPolicies, ...input.policies };
  checkPolicies(policies);
  const now = deps.clock.now();
  const program: OutreachProgram = {
    jurisdictionId,
    id,
    name: input.name,
    organizationId: input.organization_id,
    serviceAreas: input.service_areas,
    ...storedPolicies(policies),
    privacyContact: input.privacy_contact ?? null,
    createdAt: now,
    updatedAt: now,
  };
  await deps.db.transaction(async (tx) => {
    await insertProgram(tx, program);
    await audit(tx, reader, jurisdictionId, now, 'outreach_program.create', 'outreach_program', id, {
      name: program.name,
      service_areas: program.serviceAreas,
      policies,
    });
  });
  return presentProgram(program, []);
}

/** Changes a program's name, areas, policies or privacy contact (administrators, its coordinators), audited. */
export async function changeProgram(
  deps: ProgramDependencies,
  actor: Actor,
  programId: string,
  change: {
    name?: string | undefined;
    service_areas?: ServiceArea[] | undefined;
    policies?: Partial<ProgramPolicies> | undefined;
    privacy_contact?: string | null | undefined;
  },
): Promise<PresentedProgram> {
  const { program, reader } = await managedProgram(deps.db, actor, programId);
  const jurisdictionId = program.jurisdictionId;
  if (change.service_areas) await checkServiceAreas(deps.db, jurisdictionId, change.service_areas);
  const policies = { ...presentPolicies(program), ...change.policies };
  checkPolicies(policies);
  const now = deps.clock.now();
  const changed: OutreachProgram = {
    ...program,
    name: change.name ?? program.name,
    serviceAreas: change.service_areas ?? program.serviceAreas,
    ...storedPolicies(policies),
    privacyContact: change.privacy_contact === undefined ? program.privacyContact : change.privacy_contact,
    updatedAt: now,
  };
  await deps.db.transaction(async (tx) => {
    await updateProgram(tx, changed);
    await audit(
      tx,
      reader,
      program.jurisdictionId,
      now,
      'outreach_program.update',
      'outreach_program',
      programId,
      {
        changed: Object.keys(change).filter((k) => change[k as keyof typeof change] !== undefined),
        ...(change.policies ? { policies: change.policies } : {}),
      },
    );
  });
  return presentProgram(changed, await findMembers(deps.db, jurisdictionId, [programId]));
}

/** Adds a member to a program's team; a user named must be an active outreach user of the jurisdiction. */
export async function addMember(
  deps: ProgramDependencies,
  actor: Actor,
  programId: string,
  input: { user_id?: string | undefined; display_name: string; agency: string; team_role: TeamRole },
  /** The jurisdiction, for the host (the demo, a command); a user acts in her own. */
  hostJurisdictionId?: string,
) {
  const { program, reader } = await managedProgram(deps.db, actor, programId, hostJurisdictionId);
  const jurisdictionId = program.jurisdictionId;
  const userId = input.user_id ?? null;
  if (userId) {
    const role = (await activeUserRoles(deps.db, jurisdictionId, [userId])).get(userId);
    if (role !== 'outreach_coordinator' && role !== 'outreach_worker') {
      throw new SosError(
        'VALIDATION_FAILED',
        'user_id must name an active outreach coordinator or outreach worker of this jurisdiction',
        { field: 'user_id' },
      );
    }
    const members = await findMembers(deps.db, jurisdictionId, [programId]);
    if (members.some((m) => m.userId === userId && m.active)) {
      throw new SosError('VALIDATION_FAILED', 'This user is already an active member of the program', {
        field: 'user_id',
      });
    }
  }
  const now = deps.clock.now();
  const member: ProgramMember = {
    jurisdictionId,
    id: newId(),
    programId,
    userId,
    displayName: input.display_name,
    agency: input.agency,
    teamRole: input.team_role,
    active: true,
    createdAt: now,
  };
  await deps.db.transaction(async (tx) => {
    await insertMember(tx, member);
    await audit(
      tx,
      reader,
      program.jurisdictionId,
      now,
      'outreach_program_member.add',
      'outreach_program_member',
      member.id,
      {
        program_id: programId,
        user_id: userId,
        team_role: member.teamRole,
        agency: member.agency,
      },
    );
  });
  return presentMember(member);
}

/** Changes a member's agency, team role or whether the member is active (leaving takes effect at once). */
export async function changeMember(
  deps: ProgramDependencies,
  actor: Actor,
  programId: string,
  memberId: string,
  change: { active?: boolean | undefined; agency?: string | undefined; team_role?: TeamRole | undefined },
) {
  const { program, reader } = await managedProgram(deps.db, actor, programId);
  const member = await findMember(deps.db, program.jurisdictionId, programId, memberId);
  if (!member) throw new SosError('NOT_FOUND', 'No member by that id in this program');
  const changed: ProgramMember = {
    ...member,
    active: change.active ?? member.active,
    agency: change.agency ?? member.agency,
    teamRole: change.team_role ?? member.teamRole,
  };
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await updateMember(tx, changed);
    await audit(
      tx,
      reader,
      program.jurisdictionId,
      now,
      'outreach_program_member.update',
      'outreach_program_member',
      memberId,
      {
        program_id: programId,
        ...change,
      },
    );
  });
  return presentMember(changed);
}

/**
 * The program an actor manages: `outreach_program.manage` asked first; a program the actor may not
 * even see answers NOT_FOUND, one she sees but may not manage (a worker, an analyst) FORBIDDEN.
 */
async function managedProgram(db: Queryable, actor: Actor, programId: string, hostJurisdictionId?: string) {
  const { reader, jurisdictionId } = await programManager(db, actor, hostJurisdictionId);
  const program = await findProgram(db, jurisdictionId, programId);
  if (!program || (reader.kind === 'user' && !mayViewProgram(reader, program))) throw programNotFound();
  authorize(reader, 'outreach_program.manage', programResource(program));
  return { program, reader };
}

/**
 * Who manages programs, and where: a signed-in outreach user in her own jurisdiction, or the host (the
 * demo loader, a command: the policy lets the host do anything) in the jurisdiction it names.
 */
async function programManager(
  db: Queryable,
  actor: Actor,
  hostJurisdictionId?: string,
): Promise<{ reader: Actor; jurisdictionId: string }> {
  if (actor.kind === 'system' && hostJurisdictionId)
    return { reader: actor, jurisdictionId: hostJurisdictionId };
  const reader = await outreachReader(db, actor);
  return { reader, jurisdictionId: reader.jurisdictionId };
}

/** Every service area names a layer of the jurisdiction and one of its areas (asked of surveillance). */
async function checkServiceAreas(db: Queryable, jurisdictionId: string, areas: readonly ServiceArea[]) {
  const layers = new Set((await layersOf(db, jurisdictionId)).map((l) => l.id));
  for (const [i, area] of areas.entries()) {
    if (!layers.has(area.layer_id)) {
      throw new SosError('VALIDATION_FAILED', `No layer "${area.layer_id}" in this jurisdiction`, {
        field: `service_areas.${i}.layer_id`,
      });
    }
    if ((await nameOfArea(db, jurisdictionId, area.layer_id, area.area_id)) === null) {
      throw new SosError('VALIDATION_FAILED', `No area "${area.area_id}" in layer "${area.layer_id}"`, {
        field: `service_areas.${i}.area_id`,
      });
    }
  }
}

/**
 * Law enforcement at visits rests on a written policy on infractions seen there (the "police paradox"):
 * a program that lets officers attend must say what they do about what they see.
 */
function checkPolicies(p: ProgramPolicies): void {
  if (p.law_enforcement_at_visits !== 'never' && !p.infraction_policy.trim()) {
    throw new SosError(
      'VALIDATION_FAILED',
      `law_enforcement_at_visits "${p.law_enforcement_at_visits}" needs a written infraction_policy`,
      { field: 'policies.infraction_policy' },
    );
  }
}

function storedPolicies(p: ProgramPolicies) {
  return {
    responseWindowHours: p.response_window_hours,
    attemptCap: p.attempt_cap,
    phoneFirst: p.phone_first,
    lawEnforcementAtVisits: p.law_enforcement_at_visits,
    infractionPolicy: p.infraction_policy,
    materialsAllowed: [...new Set(p.materials_allowed)],
    familySupport: p.family_support,
    retentionDays: p.retention_days,
    referralAnswerDays: p.referral_answer_days,
  };
}

/** A program write's audit entry, in the write's transaction (configuration: purpose operations). */
function audit(
  tx: Queryable,
  actor: Actor,
  jurisdictionId: string,
  at: Date,
  action: string,
  subjectType: string,
  subjectId: string,
  details: Record<string, unknown>,
) {
  return recordAuditEntries(tx, jurisdictionId, at, [
    { ...auditActor(actor), action, subjectType, subjectId, purpose: 'operations', details },
  ]);
}
