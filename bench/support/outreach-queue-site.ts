/**
 * The outreach program of the queue bench, made through the services an administrator and a
 * coordinator use (programs, case opening, assignment; each write audited there) rather than by SQL on
 * outreach's tables: users through the access service, the program and its team through the programs
 * service, the queue's earlier cases opened by hand and most of them assigned through the case service.
 */
import type { Jurisdiction, Organization } from '../../src/access/jurisdictions/jurisdiction.js';
import { type Actor, cliActor } from '../../src/access/roles.js';
import type { AppContext } from '../../src/main/app-context.js';
import { assignCase, openCase } from '../../src/outreach/case-service.js';
import { addMember, createProgram } from '../../src/outreach/program-service.js';
import { areasOfLayer } from '../../src/surveillance/layer-geometry-service.js';

/** The password of the bench's users (only ever on a throwaway database). */
export const BENCH_OUTREACH_PASSWORD = 'outreach queue bench password, throwaway';

/** How many field workers hold the queue's earlier cases. */
const FIELD_WORKERS = 5;

/** One case in this many of the queue's earlier ones is left unassigned (the coordinators' backlog). */
const UNASSIGNED_EVERY = 10;

/** What the bench made: the program, the coordinators' emails (to sign in), the queue's size. */
export interface OutreachQueueSite {
  programId: string;
  coordinatorEmails: string[];
  /** Earlier open cases on the queue, and how many of them are unassigned. */
  queued: number;
  unassigned: number;
}

/**
 * Creates a program serving every town of the site's towns layer, `coordinators` coordinators and
 * the field workers on its team, then `queued` open cases clocked before `before` (one every
 * 11 minutes, the first an hour before), all but one in UNASSIGNED_EVERY assigned to a worker.
 */
export async function createOutreachQueueSite(
  context: AppContext,
  target: { jurisdiction: Jurisdiction; organization: Organization },
  options: { coordinators: number; queued: number; before: Date },
): Promise<OutreachQueueSite> {
  const jurisdictionId = target.jurisdiction.id;
  const deps = { db: context.db, clock: context.clock, keyring: context.keyring };
  const towns = await areasOfLayer(context.db, jurisdictionId, 'towns');
  const program = await createProgram(
    deps,
    cliActor,
    {
      name: 'Bench POST program',
      organization_id: target.organization.id,
      service_areas: towns.map((town) => ({ layer_id: 'towns', area_id: town.id })),
      policies: { materials_allowed: ['naloxone'] },
    },
    jurisdictionId,
  );
  const member = async (role: 'outreach_coordinator' | 'outreach_worker', index: number) => {
    const email = `${role.replace('outreach_', '')}-${index}@bench.sos.local`;
    const displayName = `Bench ${role.replaceAll('_', ' ')} ${index}`;
    const { id } = await context.access.createUser(cliActor, {
      jurisdictionId,
      email,
      displayName,
      role,
      organizationId: null,
      password: BENCH_OUTREACH_PASSWORD,
    });
    const teamRole = role === 'outreach_coordinator' ? 'social_worker' : 'outreach_worker';
    await addMember(
      deps,
      cliActor,
      program.id,
      { user_id: id, display_name: displayName, agency: 'Bench public health', team_role: teamRole },
      jurisdictionId,
    );
    return { id, email };
  };
  const coordinators = [];
  for (let i = 0; i < options.coordinators; i++) coordinators.push(await member('outreach_coordinator', i));
  const workers = [];
  for (let i = 0; i < FIELD_WORKERS; i++) workers.push(await member('outreach_worker', i));
  const first = coordinators[0];
  if (!first) throw new Error('the bench needs at least one coordinator');
  const coordinator: Actor = {
    kind: 'user',
    userId: first.id,
    jurisdictionId,
    role: 'outreach_coordinator',
    organizationId: null,
  };
  let unassigned = 0;
  for (let n = 1; n <= options.queued; n++) {
    const opened = await openCase(deps, coordinator, {
      program_id: program.id,
      origin: 'by_hand',
      started_at: new Date(options.before.getTime() - 3_600_000 - n * 11 * 60_000).toISOString(),
      person: {
        first_name: `Queued${n}`,
        last_name: 'Survivor',
        phone: `203555${String(n).padStart(4, '0')}`,
      },
    });
    const worker = workers[n % workers.length];
    if (n % UNASSIGNED_EVERY === 0 || !worker) unassigned++;
    else await assignCase(deps, coordinator, opened.id, worker.id);
  }
  await context.db.query('analyze');
  return {
    programId: program.id,
    coordinatorEmails: coordinators.map((c) => c.email),
    queued: options.queued,
    unassigned,
  };
}
