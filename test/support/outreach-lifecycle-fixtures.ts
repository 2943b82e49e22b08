import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { cliActor, type Role } from '../../src/access/roles.js';
import type { AppContext } from '../../src/main/app-context.js';
import type { Queryable } from '../../src/platform/database.js';
import { TEST_PASSWORD } from './sign-in.js';

/** Stores a program with the given policies (defaults otherwise); returns its id. */
export async function insertProgram(
  db: Queryable,
  jurisdictionId: string,
  fields: {
    name?: string;
    responseWindowHours?: number;
    retentionDays?: number;
    privacyContact?: string | null;
  } = {},
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into outreach_programs (jurisdiction_id, id, name, organization_id, service_areas, response_window_hours,
       materials_allowed, retention_days, privacy_contact, created_at, updated_at)
     values ($1, $2, $3, $4, '[]', $5, '["naloxone"]', $6, $7, now(), now())`,
    [
      jurisdictionId,
      id,
      fields.name ?? `Program ${id.slice(0, 6)}`,
      randomUUID(),
      fields.responseWindowHours ?? 72,
      fields.retentionDays ?? 730,
      fields.privacyContact ?? null,
    ],
  );
  return id;
}

/** Adds a member to a program (a user's, or a partner's without one); returns the member id. */
export async function insertMember(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
  userId: string | null,
  fields: { active?: boolean; teamRole?: string } = {},
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into outreach_program_members (jurisdiction_id, id, program_id, user_id, display_name, agency, team_role, active, created_at)
     values ($1, $2, $3, $4, 'Member', 'Health department', $5, $6, now())`,
    [jurisdictionId, id, programId, userId, fields.teamRole ?? 'outreach_worker', fields.active ?? true],
  );
  return id;
}

/** Stores a case; returns its id. */
export async function insertCase(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
  fields: {
    clockStartedAt: Date;
    status?: 'open' | 'closed';
    closedAt?: Date | null;
    assignedTo?: string | null;
    assignedAt?: Date | null;
    personId?: string | null;
    matchKey?: string | null;
    origin?: string;
    pathway?: string | null;
  },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into outreach_cases (jurisdiction_id, id, program_id, origin, pathway, person_id, match_key, status,
       clock_started_at, contact_flags, assigned_to, assigned_at, opened_at, closed_at, close_reason)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, '[]', $10, $11, $9, $12, $13)`,
    [
      jurisdictionId,
      id,
      programId,
      fields.origin ?? 'overdose',
      fields.pathway ?? null,
      fields.personId ?? null,
      fields.matchKey ?? null,
      fields.status ?? 'open',
      fields.clockStartedAt,
      fields.assignedTo ?? null,
      fields.assignedTo ? (fields.assignedAt ?? fields.clockStartedAt) : null,
      fields.closedAt ?? null,
      fields.status === 'closed' ? 'engaged' : null,
    ],
  );
  return id;
}

/** Stores a contact attempt on a case. */
export async function insertAttempt(
  db: Queryable,
  jurisdictionId: string,
  caseId: string,
  fields: { outcome: string; attemptedAt: Date; attemptedBy?: string; note?: string | null },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into outreach_contact_attempts (jurisdiction_id, id, case_id, method, outcome, attempted_at, attempted_by,
       materials_left, note, recorded_at)
     values ($1, $2, $3, 'phone', $4, $5, $6, '[]', $7, $5)`,
    [
      jurisdictionId,
      id,
      caseId,
      fields.outcome,
      fields.attemptedAt,
      fields.attemptedBy ?? randomUUID(),
      fields.note ?? null,
    ],
  );
  return id;
}

/** Stores a visit on a case. */
export async function insertVisit(
  db: Queryable,
  jurisdictionId: string,
  caseId: string,
  fields: {
    visitedAt: Date;
    servicesOffered?: string[];
    servicesAccepted?: string[];
    riskReductionPlan?: string | null;
    networkReached?: { relation: string; consent_id: string; received: string[] }[];
  },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into outreach_visits (jurisdiction_id, id, case_id, visited_at, location_type, present, law_enforcement_present,
       services_offered, services_accepted, risk_reduction_plan, network_reached, recorded_by, recorded_at)
     values ($1, $2, $3, $4, 'home', '[]', false, $5, $6, $7, $8, $9, $4)`,
    [
      jurisdictionId,
      id,
      caseId,
      fields.visitedAt,
      JSON.stringify(fields.servicesOffered ?? []),
      JSON.stringify(fields.servicesAccepted ?? []),
      fields.riskReductionPlan ?? null,
      JSON.stringify(fields.networkReached ?? []),
      randomUUID(),
    ],
  );
  return id;
}

/** Stores a consent on a case. */
export async function insertConsent(
  db: Queryable,
  jurisdictionId: string,
  caseId: string,
  fields: { scope: string; recipient?: string | null; obtainedAt: Date },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into outreach_consents (jurisdiction_id, id, case_id, scope, recipient, method, obtained_by, obtained_at)
     values ($1, $2, $3, $4, $5, 'verbal', $6, $7)`,
    [jurisdictionId, id, caseId, fields.scope, fields.recipient ?? null, randomUUID(), fields.obtainedAt],
  );
  return id;
}

/** Creates a user with a role (and, with an app, signs her in); returns her id, email and session cookie. */
export async function createUser(
  context: AppContext,
  jurisdictionId: string,
  role: Role,
  app?: FastifyInstance,
): Promise<{ id: string; email: string; cookie: string }> {
  const email = `${role}.${randomUUID().slice(0, 8)}@example.org`;
  const { id } = await context.access.createUser(cliActor, {
    jurisdictionId,
    email,
    displayName: `A ${role}`,
    role,
    organizationId: null,
    password: TEST_PASSWORD,
  });
  let cookie = '';
  if (app) {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: TEST_PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`sign-in of ${role} failed: ${login.body}`);
    cookie = String(login.headers['set-cookie']).split(';')[0] as string;
  }
  return { id, email, cookie };
}
