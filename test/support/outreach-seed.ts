import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Jurisdiction, Organization } from '../../src/access/jurisdictions/jurisdiction.js';
import { cliActor } from '../../src/access/roles.js';
import { ingestReports } from '../../src/intake/intake-service.js';
import type { AppContext } from '../../src/main/app-context.js';
import { sealPerson, storeSealedPersons } from '../../src/persons/person-vault.js';
import type { Database } from '../../src/platform/database.js';
import type { Keyring } from '../../src/platform/keyring.js';
import { importLayer } from '../../src/surveillance/layer-service.js';
import { TEST_PASSWORD } from './sign-in.js';
import { seedJurisdiction } from './test-databases.js';

/**
 * Outreach records written straight into the outreach tables, so that tests of who sees them do not wait
 * on (or go through) the services that write them: one program with its team, one case whose person is
 * sealed in the vault, an attempt, a visit and two consents. Every free-text value is distinctive, so a
 * test can look for it in any answer.
 */

/** The distinctive values of the seeded records (none occurs anywhere else in SOS). */
export const OUTREACH_SEED_VALUES = {
  programName: 'Walk Program Zq',
  firstName: 'Zebulon',
  lastName: 'Quillfeather',
  phone: '555-0199',
  email: 'zebulon.quillfeather@example.net',
  address: '17 Quillfeather Lane',
  riskReductionPlan: 'ZQ-PLAN',
  recipient: 'ZQ-SISTER',
  relation: 'ZQ-RELATION',
  note: 'ZQ-NOTE',
  infractionPolicy: 'ZQ-INFRACTION-POLICY',
  privacyContact: 'zq-privacy@example.net',
  memberNames: ['Zara Quennell', 'Zed Quarrington', 'Zinnia Quade'],
  agency: 'ZQ Harm Reduction Collective',
} as const;

/** What was seeded: ids to fill paths with, and every value that would betray the records. */
export interface SeededOutreach {
  programId: string;
  caseId: string;
  personId: string;
  /** Members: the coordinator's, the worker's (both with users), a peer's (no user). */
  memberIds: { coordinator: string; worker: string; peer: string };
  attemptId: string;
  visitId: string;
  consentIds: { homeVisit: string; disclosure: string };
  /** Ids and free text of the records, none of which may reach a role without outreach. */
  secrets: string[];
}

/** Who and what the seeded case hangs on. */
export interface OutreachSeedOptions {
  jurisdictionId: string;
  organizationId: string;
  coordinatorUserId: string;
  workerUserId: string;
  /** The area the program serves (any layer). */
  serviceArea: { layer_id: string; area_id: string };
  /** The overdose the case opened from. */
  overdose: { id: string; occurredAt: Date };
  now: Date;
}

/** Writes one program, its team, one case assigned to the worker and its records; returns what it wrote. */
export async function seedOutreach(
  db: Database,
  keyring: Keyring,
  options: OutreachSeedOptions,
): Promise<SeededOutreach> {
  const v = OUTREACH_SEED_VALUES;
  const { jurisdictionId: j, now } = options;
  const programId = randomUUID();
  const caseId = randomUUID();
  const memberIds = { coordinator: randomUUID(), worker: randomUUID(), peer: randomUUID() };
  const attemptId = randomUUID();
  const visitId = randomUUID();
  const consentIds = { homeVisit: randomUUID(), disclosure: randomUUID() };
  const person = sealPerson(keyring, {
    first_name: v.firstName,
    last_name: v.lastName,
    birth_date: '1988-02-29',
    phone: v.phone,
    email: v.email,
    address: v.address,
  });
  const hoursAfter = (hours: number) => new Date(options.overdose.occurredAt.getTime() + hours * 3_600_000);
  const json = (value: unknown) => JSON.stringify(value);
  await db.transaction(async (tx) => {
    await storeSealedPersons(tx, j, [person]);
    await tx.query(
      `insert into outreach_programs (jurisdiction_id, id, name, organization_id, service_areas,
         law_enforcement_at_visits, infraction_policy, materials_allowed, family_support, privacy_contact,
         created_at, updated_at)
       values ($1, $2, $3, $4, $5, 'never', $6, $7, true, $8, $9, $9)`,
      [
        j,
        programId,
        v.programName,
        options.organizationId,
        json([options.serviceArea]),
        v.infractionPolicy,
        json(['naloxone', 'fentanyl_test_strips', 'contact_card']),
        v.privacyContact,
        now,
      ],
    );
    const members: [string, string | null, string, string][] = [
      [memberIds.coordinator, options.coordinatorUserId, v.memberNames[0], 'outreach_worker'],
      [memberIds.worker, options.workerUserId, v.memberNames[1], 'outreach_worker'],
      [memberIds.peer, null, v.memberNames[2], 'peer_recovery_coach'],
    ];
    for (const [id, userId, name, teamRole] of members) {
      await tx.query(
        `insert into outreach_program_members (jurisdiction_id, id, program_id, user_id, display_name, agency,
           team_role, active, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, true, $8)`,
        [j, id, programId, userId, name, v.agency, teamRole, now],
      );
    }
    await tx.query(
      `insert into outreach_cases (jurisdiction_id, id, program_id, kind, origin, person_id, match_key, status,
         clock_started_at, area_id, contact_flags, assigned_to, assigned_at, opened_at)
       values ($1, $2, $3, 'post_overdose', 'overdose', $4, $5, 'open', $6, $7, '[]', $8, $9, $9)`,
      [
        j,
        caseId,
        programId,
        person.id,
        person.matchKeys[0]?.toString('hex') ?? null,
        options.overdose.occurredAt,
        options.serviceArea.area_id,
        options.workerUserId,
        hoursAfter(1),
      ],
    );
    await tx.query(
      `insert into outreach_case_overdoses (jurisdiction_id, program_id, case_id, overdose_id, organization_id,
         occurred_at, fatal, added_at)
       values ($1, $2, $3, $4, $5, $6, false, $7)`,
      [
        j,
        programId,
        caseId,
        options.overdose.id,
        options.organizationId,
        options.overdose.occurredAt,
        hoursAfter(1),
      ],
    );
    await tx.query(
      `insert into outreach_contact_attempts (jurisdiction_id, id, case_id, method, outcome, attempted_at,
         attempted_by, disclosure, materials_left, note, recorded_at)
       values ($1, $2, $3, 'phone', 'survivor_reached', $4, $5, 'generic_script', '[]', $6, $4)`,
      [j, attemptId, caseId, hoursAfter(2), options.workerUserId, v.note],
    );
    const consents: [string, string, string | null][] = [
      [consentIds.homeVisit, 'home_visit', null],
      [consentIds.disclosure, 'disclose_to_person', v.recipient],
    ];
    for (const [id, scope, recipient] of consents) {
      await tx.query(
        `insert into outreach_consents (jurisdiction_id, id, case_id, scope, recipient, method, obtained_by,
           obtained_at)
         values ($1, $2, $3, $4, $5, 'verbal', $6, $7)`,
        [j, id, caseId, scope, recipient, options.workerUserId, hoursAfter(2)],
      );
    }
    await tx.query(
      `insert into outreach_visits (jurisdiction_id, id, case_id, visited_at, location_type, present,
         law_enforcement_present, services_offered, services_accepted, risk_reduction_plan, network_reached,
         recorded_by, recorded_at)
       values ($1, $2, $3, $4, 'home', $5, false, $6, $7, $8, $9, $10, $4)`,
      [
        j,
        visitId,
        caseId,
        hoursAfter(20),
        json([
          {
            member_id: memberIds.worker,
            display_name: v.memberNames[1],
            agency: v.agency,
            team_role: 'outreach_worker',
          },
          {
            member_id: memberIds.peer,
            display_name: v.memberNames[2],
            agency: v.agency,
            team_role: 'peer_recovery_coach',
          },
        ]),
        json(['naloxone', 'moud', 'recovery_coach']),
        json(['naloxone', 'recovery_coach']),
        v.riskReductionPlan,
        json([{ relation: v.relation, consent_id: consentIds.disclosure, received: ['naloxone'] }]),
        options.workerUserId,
      ],
    );
  });
  const secrets = [
    programId,
    caseId,
    person.id,
    ...Object.values(memberIds),
    attemptId,
    visitId,
    ...Object.values(consentIds),
    v.programName,
    v.firstName,
    v.lastName,
    v.phone,
    v.email,
    v.address,
    v.riskReductionPlan,
    v.recipient,
    v.relation,
    v.note,
    v.infractionPolicy,
    v.privacyContact,
    ...v.memberNames,
    v.agency,
  ];
  return { programId, caseId, personId: person.id, memberIds, attemptId, visitId, consentIds, secrets };
}

/** A jurisdiction with surveillance content (a layer, overdoses) and the outreach records above on it. */
export interface OutreachWorld extends SeededOutreach {
  jurisdiction: Jurisdiction;
  organization: Organization;
  /** The layer of two towns the overdoses fall in, the program serving the first. */
  layerId: string;
  overdoseIds: string[];
  /** The program's coordinator and the case's worker, users who sign in with TEST_PASSWORD. */
  users: Record<'coordinator' | 'worker', { id: string; email: string }>;
}

/** Two square towns with their populations, as GeoJSON: north (served by the program) and south. */
function townsGeoJson(): string {
  const square = (south: number) => [
    [
      [-72.6, south],
      [-72.4, south],
      [-72.4, south + 0.1],
      [-72.6, south + 0.1],
      [-72.6, south],
    ],
  ];
  return JSON.stringify({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { code: 'north' },
        geometry: { type: 'Polygon', coordinates: square(41.6) },
      },
      {
        type: 'Feature',
        properties: { code: 'south' },
        geometry: { type: 'Polygon', coordinates: square(41.4) },
      },
    ],
  });
}

/**
 * A jurisdiction (short name `zq`) as the surveillance endpoints see it, with outreach on top: a layer of
 * two towns, 24 overdoses over the last 24 days (18 in the north, 3 fatal), a coordinator and a worker,
 * and the seeded program serving the north, its case opened from the latest non-fatal overdose there.
 */
export async function seedOutreachWorld(context: AppContext): Promise<OutreachWorld> {
  const { jurisdiction, organization } = await seedJurisdiction(context.db, { shortName: 'zq' });
  const geojsonPath = path.join(context.config.dataDir, 'walk-towns.geojson');
  const populationPath = path.join(context.config.dataDir, 'walk-towns.csv');
  writeFileSync(geojsonPath, townsGeoJson());
  writeFileSync(populationPath, 'code,pop\nnorth,25000\nsouth,40000\n');
  const { layerId } = await importLayer(context, cliActor, {
    jurisdiction,
    geojsonPath,
    name: 'walk towns',
    idProperty: 'code',
    population: { csvPath: populationPath, idColumn: 'code', populationColumn: 'pop' },
  });
  const now = context.clock.now();
  const reports = Array.from({ length: 24 }, (_, i) => ({
    source_record_id: `walk-${i}`,
    occurred_at: new Date(now.getTime() - (i + 1) * 86_400_000).toISOString(),
    latitude: i < 18 ? 41.65 : 41.45,
    longitude: -72.5,
    fatal: i % 8 === 7,
  }));
  const results = await ingestReports(context.intake, cliActor, {
    jurisdiction,
    organization,
    channel: 'api',
    items: reports.map((fields) => ({ raw: fields, fields })),
  });
  const overdoseIds = results.map((r) => {
    if (!r.overdoseId)
      throw new Error(`report ${r.sourceRecordId} was not accepted: ${JSON.stringify(r.problems)}`);
    return r.overdoseId;
  });
  const users = {} as OutreachWorld['users'];
  for (const [who, role] of [
    ['coordinator', 'outreach_coordinator'],
    ['worker', 'outreach_worker'],
  ] as const) {
    const email = `${who}.zq@example.org`;
    const { id } = await context.access.createUser(cliActor, {
      jurisdictionId: jurisdiction.id,
      email,
      displayName: `the ${who}`,
      role,
      organizationId: null,
      password: TEST_PASSWORD,
    });
    users[who] = { id, email };
  }
  const seeded = await seedOutreach(context.db, context.keyring, {
    jurisdictionId: jurisdiction.id,
    organizationId: organization.id,
    coordinatorUserId: users.coordinator.id,
    workerUserId: users.worker.id,
    serviceArea: { layer_id: layerId, area_id: 'north' },
    overdose: { id: overdoseIds[0] as string, occurredAt: new Date(reports[0]?.occurred_at as string) },
    now,
  });
  return { ...seeded, jurisdiction, organization, layerId, overdoseIds, users };
}
