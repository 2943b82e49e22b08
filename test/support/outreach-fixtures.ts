import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AccessService } from '../../src/access/access-service.js';
import { cliActor, type Role } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import type { LawEnforcementPolicy, Material, TeamRole } from '../../src/outreach/outreach-vocabulary.js';
import type { Clock } from '../../src/platform/clock.js';
import type { Queryable } from '../../src/platform/database.js';

// Test fixtures of the outreach module: programs, members and cases written straight into its tables
// (the services that create them are built beside these), users made through the access service.

/** The password of every fixture user. */
const PASSWORD = 'a long enough password for outreach';

/** A signed-in fixture user: id and session cookie. */
export interface FixtureUser {
  userId: string;
  cookie: string;
}

/** The policies a test sets on a program. */
export interface FixturePolicies {
  attemptCap: number;
  phoneFirst: boolean;
  lawEnforcementAtVisits: LawEnforcementPolicy;
  materialsAllowed: Material[];
}

const defaults: FixturePolicies = {
  attemptCap: 5,
  phoneFirst: true,
  lawEnforcementAtVisits: 'never',
  materialsAllowed: ['naloxone', 'fentanyl_test_strips', 'contact_card', 'resource_guide'],
};

/** Creates a user of the role through the access service and signs her in through the API. */
export async function signInUser(
  app: FastifyInstance,
  access: AccessService,
  jurisdictionId: string,
  role: Role,
  name: string,
): Promise<FixtureUser> {
  const email = `${name.toLowerCase().replaceAll(' ', '-')}.${randomUUID().slice(0, 8)}@example.org`;
  const { id } = await access.createUser(cliActor, {
    jurisdictionId,
    email,
    displayName: name,
    role,
    organizationId: null,
    password: PASSWORD,
  });
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`sign-in of ${name} failed: ${login.body}`);
  return { userId: id, cookie: String(login.headers['set-cookie']).split(';')[0] as string };
}

/** Stores a program with the policies given (the others at their defaults); returns its id. */
export async function insertOutreachProgram(
  db: Queryable,
  jurisdictionId: string,
  organizationId: string,
  policies: Partial<FixturePolicies> = {},
): Promise<string> {
  const id = randomUUID();
  const p = { ...defaults, ...policies };
  await db.query(
    `insert into outreach_programs (jurisdiction_id, id, name, organization_id, service_areas, attempt_cap,
       phone_first, law_enforcement_at_visits, infraction_policy, materials_allowed, created_at, updated_at)
     values ($1, $2, $3, $4, '[]'::json, $5, $6, $7, $8, $9::json, now(), now())`,
    [
      jurisdictionId,
      id,
      `Program ${id.slice(0, 8)}`,
      organizationId,
      p.attemptCap,
      p.phoneFirst,
      p.lawEnforcementAtVisits,
      p.lawEnforcementAtVisits === 'never' ? '' : 'Officers act on no infraction seen during a visit',
      JSON.stringify(p.materialsAllowed),
    ],
  );
  return id;
}

/** Changes a program's policies (what a coordinator does through the programs API). */
export async function setOutreachPolicies(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
  policies: Partial<FixturePolicies>,
): Promise<void> {
  const p = { ...defaults, ...policies };
  await db.query(
    `update outreach_programs set attempt_cap = $3, phone_first = $4, law_enforcement_at_visits = $5,
       materials_allowed = $6::json where jurisdiction_id = $1 and id = $2`,
    [
      jurisdictionId,
      programId,
      p.attemptCap,
      p.phoneFirst,
      p.lawEnforcementAtVisits,
      JSON.stringify(p.materialsAllowed),
    ],
  );
}

/** Stores a member of a program's team; returns its id. */
export async function insertOutreachMember(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
  member: { userId?: string; displayName: string; agency: string; teamRole: TeamRole; active?: boolean },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into outreach_program_members (jurisdiction_id, id, program_id, user_id, display_name, agency,
       team_role, active, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [
      jurisdictionId,
      id,
      programId,
      member.userId ?? null,
      member.displayName,
      member.agency,
      member.teamRole,
      member.active ?? true,
    ],
  );
  return id;
}

/** Stores an open case on a program (opened by hand, no person), assigned as given; returns its id. */
export async function insertOutreachCase(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
  options: { assignedTo?: string | null; status?: 'open' | 'closed' } = {},
): Promise<string> {
  const id = randomUUID();
  const closed = options.status === 'closed';
  await db.query(
    `insert into outreach_cases (jurisdiction_id, id, program_id, origin, status, clock_started_at, contact_flags,
       assigned_to, assigned_at, opened_at, closed_at, close_reason)
     values ($1, $2, $3, 'by_hand', $4, now() - interval '1 day', '[]'::json, $5::uuid,
       case when $5::uuid is null then null else now() end, now() - interval '1 day',
       case when $6 then now() else null end, case when $6 then 'unreachable' else null end)`,
    [jurisdictionId, id, programId, closed ? 'closed' : 'open', options.assignedTo ?? null, closed],
  );
  return id;
}

/** A clock a test moves by hand (consents expire while the server runs). */
export class MovableClock implements Clock {
  private current = Date.now();
  now(): Date {
    return new Date(this.current);
  }
  /** Moves the clock on. */
  advance(ms: number): void {
    this.current += ms;
  }
}

/** What the outreach API tests share: a server, a program with its team, and the users of each role. */
export interface OutreachTestbed {
  context: AppContext & { dispose(): Promise<void> };
  app: FastifyInstance;
  clock: MovableClock;
  jurisdictionId: string;
  programId: string;
  users: Record<
    | 'coordinator'
    | 'worker'
    | 'otherWorker'
    | 'otherCoordinator'
    | 'administrator'
    | 'analyst'
    | 'publicSafety',
    FixtureUser
  >;
  /** Member ids: the program's team (police included, one inactive) and a member of another program. */
  members: Record<'coordinator' | 'worker' | 'peer' | 'police' | 'inactive' | 'otherProgram', string>;
  /** A new open case of the program (assigned to the worker unless said otherwise). */
  newCase(options?: { assignedTo?: string | null; status?: 'open' | 'closed' }): Promise<string>;
  /** Sets the program's policies (the others back to their defaults). */
  setPolicies(policies: Partial<FixturePolicies>): Promise<void>;
  /** Sends a request as a user (with the server's origin, as the dashboard does), or signed out. */
  send(
    user: FixtureUser | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse>;
  dispose(): Promise<void>;
}

/** Opens the testbed on a context (made by the caller's openTestContext, with the testbed's clock). */
export async function openOutreachTestbed(
  openContext: (clock: Clock) => Promise<AppContext & { dispose(): Promise<void> }>,
  seed: (db: AppContext['db']) => Promise<{ jurisdictionId: string; organizationId: string }>,
): Promise<OutreachTestbed> {
  const clock = new MovableClock();
  const context = await openContext(clock);
  const { jurisdictionId: j, organizationId } = await seed(context.db);
  const app = await buildApp(context);
  const user = (role: Role, name: string) => signInUser(app, context.access, j, role, name);
  const users = {
    coordinator: await user('outreach_coordinator', 'Coordinator'),
    worker: await user('outreach_worker', 'Worker'),
    otherWorker: await user('outreach_worker', 'Other worker'),
    otherCoordinator: await user('outreach_coordinator', 'Other coordinator'),
    administrator: await user('administrator', 'Administrator'),
    analyst: await user('analyst', 'Analyst'),
    publicSafety: await user('public_safety_analyst', 'Police analyst'),
  };
  const programId = await insertOutreachProgram(context.db, j, organizationId);
  const otherProgramId = await insertOutreachProgram(context.db, j, organizationId);
  const member = (program: string, m: Parameters<typeof insertOutreachMember>[3]) =>
    insertOutreachMember(context.db, j, program, m);
  const members = {
    coordinator: await member(programId, {
      userId: users.coordinator.userId,
      displayName: 'Coordinator',
      agency: 'Health department',
      teamRole: 'outreach_worker',
    }),
    worker: await member(programId, {
      userId: users.worker.userId,
      displayName: 'Worker',
      agency: 'Health department',
      teamRole: 'outreach_worker',
    }),
    peer: await member(programId, {
      displayName: 'Peer coach',
      agency: 'Recovery center',
      teamRole: 'peer_recovery_coach',
    }),
    police: await member(programId, { displayName: 'Officer', agency: 'City police', teamRole: 'police' }),
    inactive: await member(programId, {
      displayName: 'Left the team',
      agency: 'Health department',
      teamRole: 'social_worker',
      active: false,
    }),
    otherProgram: await member(otherProgramId, {
      userId: users.otherCoordinator.userId,
      displayName: 'Other coordinator',
      agency: 'Another town',
      teamRole: 'outreach_worker',
    }),
  };
  await member(programId, {
    userId: users.otherWorker.userId,
    displayName: 'Other worker',
    agency: 'Health department',
    teamRole: 'outreach_worker',
  });
  return {
    context,
    app,
    clock,
    jurisdictionId: j,
    programId,
    users,
    members,
    newCase: (options = {}) =>
      insertOutreachCase(context.db, j, programId, {
        assignedTo: options.assignedTo === undefined ? users.worker.userId : options.assignedTo,
        ...(options.status ? { status: options.status } : {}),
      }),
    setPolicies: (policies) => setOutreachPolicies(context.db, j, programId, policies),
    send: (who, method, url, payload) =>
      app.inject({
        method,
        url: `/api/v1/outreach${url}`,
        headers: { ...(who ? { cookie: who.cookie } : {}), origin: 'http://localhost' },
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
    dispose: async () => {
      await app.close();
      await context.dispose();
    },
  };
}
