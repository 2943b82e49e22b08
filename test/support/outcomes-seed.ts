import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/platform/database.js';

/**
 * A program whose funnel was worked out by hand (the table below), written straight into the tables
 * so that the figures owe nothing to the code under test. The program serves area "A" of layer
 * "towns"; every case's clock starts in February 2026 (New York), 6 hours apart, group after group.
 *
 * | group | cases | opened by | person keys | attempts | visits | overdose facts (race, ethnicity, sex, age) |
 * |---|---|---|---|---|---|---|
 * | G1 | 20 | overdose | 20 people | no answer 3 h, reached 5 h | 30 h, naloxone accepted, no police; the first 12 referred to MOUD, attended; the first 10 overdose again at day 45 | white, not hispanic, male, 30 |
 * | G2 | 12 | overdose | 2 people (6 cases each) | no answer 80 h | none | black, not hispanic, female, 40 |
 * | G3 | 10 | self-referral | 10 people | reached 1 h, naloxone left | none | none (no overdose) |
 * | G4 | 11 | overdose, closed declined | 11 people | none | none | white, not hispanic, female, 60 |
 * | G5 | 10 | overdose | 10 people | reached 10 h | 40 h, police present, a sister reached, nothing accepted; referred to MOUD, no answer; overdose again at day 10 | race not recorded, hispanic, male, 22 |
 *
 * Overdoses in the tables: the 53 first overdoses of G1, G2, G4, G5 (area A, February); 7 more
 * survivors in area A in February that no case holds; 5 fatal in area A; 4 survivors in area B;
 * 3 survivors in area A in January. The repeat overdoses are only in the cases' overdose links.
 */
export const OUTCOMES_HAND_COUNTS = {
  // 53 first overdoses + 7 without a case (fatal, area B and January left out).
  eligibleOverdoses: 60,
  cases: 63, // 20 + 12 + 10 + 11 + 10
  attempted: 52, // all but G4
  peopleAttempted: 42, // 20 + 2 + 10 + 10
  reached: 40, // G1 + G3 + G5
  engaged: 40,
  engagedDirectly: 30, // G1 (naloxone at a visit) + G3 (naloxone at a reaching attempt)
  engagedThroughNetwork: 10, // G5 (a sister reached, nothing accepted)
  refused: 11, // G4
  naloxoneDelivered: 20, // G1's visits (G3's naloxone was left at an attempt, not a visit service)
  moudReferrals: { made: 22, attended: 12 },
  // First attempts: 1 h ×10, 3 h ×20, 10 h ×10, 80 h ×12 (52): 26th and 27th are 3; ⌈46.8⌉ = 47th is 80.
  hoursToFirstAttempt: { median: 3, p90: 80, within72h: 40, of: 63 },
  // First contacts: 1 h ×10, 5 h ×20, 10 h ×10 (40): 20th and 21st are 5; 36th is 10.
  hoursToFirstContact: { median: 5, p90: 10, within72h: 40, of: 63 },
  // Engaged = G1 G3 G5 (40); not engaged = G2 G4 (23). G5 repeat at day 10, G1's first 10 at day 45.
  repeat30: { engaged: [10, 40], notEngaged: [0, 23] },
  repeat90: { engaged: [20, 40], notEngaged: [0, 23] },
  // [cases, reached, engaged, refused]
  race: { white: [31, 20, 20, 11], black: [12, 0, 0, 0], unknown: [20, 20, 20, 0] },
  sex: { male: [30, 30, 30, 0], female: [23, 0, 0, 11], unknown: [10, 10, 10, 0] },
  ageGroup: {
    under_25: [10, 10, 10, 0],
    '25_34': [20, 20, 20, 0],
    '35_44': [12, 0, 0, 0],
    '55_64': [11, 0, 0, 11],
  },
  teamComposition: {
    law_enforcement_present: [10, 10, 10, 0],
    no_law_enforcement: [20, 20, 20, 0],
    no_visit: [33, 10, 10, 11],
  },
  pathway: { self_referral: [10, 10, 10, 0], no_pathway: [53, 30, 30, 11] },
} as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The first case's clock: 2 February 2026, 07:00 in New York. */
export const OUTCOMES_FIRST_CLOCK = new Date('2026-02-02T12:00:00Z');

interface OverdoseFacts {
  race: string | null;
  ethnicity: string | null;
  sex: string | null;
  age: number | null;
}

/** Stores an overdose and its area; returns its id. */
async function insertOverdose(
  db: Queryable,
  jurisdictionId: string,
  occurredAt: Date,
  area: string,
  facts: OverdoseFacts,
  fatal = false,
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into overdoses (jurisdiction_id, id, occurred_at, occurred_date, time_known, fatal, age, sex, race,
       ethnicity, substances, source_types, case_definitions, report_count, created_at, updated_at)
     values ($1, $2, $3, $4, true, $5, $6, $7, $8, $9, '{}', '{ems}', '{any_drug}', 1, $3, $3)`,
    [
      jurisdictionId,
      id,
      occurredAt,
      occurredAt.toISOString().slice(0, 10),
      fatal,
      facts.age,
      facts.sex,
      facts.race,
      facts.ethnicity,
    ],
  );
  await db.query(
    `insert into overdose_areas (jurisdiction_id, overdose_id, layer_id, area_id) values ($1, $2, 'towns', $3)`,
    [jurisdictionId, id, area],
  );
  return id;
}

/** Stores the hand-counted program (with the given members' users) and its records; returns its id. */
export async function seedOutcomesProgram(
  db: Queryable,
  jurisdictionId: string,
  memberUserIds: readonly string[] = [],
  name = 'Outcomes Program',
): Promise<string> {
  const programId = randomUUID();
  await db.query(
    `insert into outreach_programs (jurisdiction_id, id, name, organization_id, service_areas, materials_allowed,
       created_at, updated_at)
     values ($1, $2, $3, $4, '[{"layer_id":"towns","area_id":"A"}]', '["naloxone"]', now(), now())`,
    [jurisdictionId, programId, name, randomUUID()],
  );
  for (const userId of memberUserIds) {
    await db.query(
      `insert into outreach_program_members (jurisdiction_id, id, program_id, user_id, display_name, agency, team_role, created_at)
       values ($1, $2, $3, $4, 'Member', 'Health department', 'outreach_worker', now())`,
      [jurisdictionId, randomUUID(), programId, userId],
    );
  }
  let slot = 0;
  const nextClock = () => new Date(OUTCOMES_FIRST_CLOCK.getTime() + slot++ * 6 * HOUR);
  const openCase = async (
    clock: Date,
    fields: { matchKey: string; pathway?: string; closedDeclined?: boolean; overdose?: OverdoseFacts },
  ) => {
    const caseId = randomUUID();
    await db.query(
      `insert into outreach_cases (jurisdiction_id, id, program_id, origin, pathway, match_key, status, clock_started_at,
         contact_flags, opened_at, closed_at, close_reason)
       values ($1, $2, $3, $4, $5, $6, $7, $8, '[]', $8, $9, $10)`,
      [
        jurisdictionId,
        caseId,
        programId,
        fields.pathway ? 'deflection' : 'overdose',
        fields.pathway ?? null,
        fields.matchKey,
        fields.closedDeclined ? 'closed' : 'open',
        clock,
        fields.closedDeclined ? new Date(clock.getTime() + 100 * HOUR) : null,
        fields.closedDeclined ? 'declined' : null,
      ],
    );
    if (fields.overdose) {
      const overdoseId = await insertOverdose(db, jurisdictionId, clock, 'A', fields.overdose);
      await linkOverdose(caseId, overdoseId, clock);
    }
    return caseId;
  };
  const linkOverdose = (caseId: string, overdoseId: string, occurredAt: Date) =>
    db.query(
      `insert into outreach_case_overdoses (jurisdiction_id, program_id, case_id, overdose_id, occurred_at, fatal, added_at)
       values ($1, $2, $3, $4, $5, false, $5)`,
      [jurisdictionId, programId, caseId, overdoseId, occurredAt],
    );
  const attempt = (caseId: string, at: Date, outcome: string, materials: string[] = []) =>
    db.query(
      `insert into outreach_contact_attempts (jurisdiction_id, id, case_id, method, outcome, attempted_at, attempted_by,
         materials_left, recorded_at)
       values ($1, $2, $3, 'phone', $4, $5, $6, $7, $5)`,
      [jurisdictionId, randomUUID(), caseId, outcome, at, randomUUID(), JSON.stringify(materials)],
    );
  const visit = (
    caseId: string,
    at: Date,
    fields: { accepted: string[]; police: boolean; network: number },
  ) =>
    db.query(
      `insert into outreach_visits (jurisdiction_id, id, case_id, visited_at, location_type, present,
         law_enforcement_present, law_enforcement_dress, services_offered, services_accepted, network_reached,
         recorded_by, recorded_at)
       values ($1, $2, $3, $4, 'home', '[]', $5, $6, '["naloxone","moud"]', $7, $8, $9, $4)`,
      [
        jurisdictionId,
        randomUUID(),
        caseId,
        at,
        fields.police,
        fields.police ? 'plain_clothes' : null,
        JSON.stringify(fields.accepted),
        JSON.stringify(
          Array.from({ length: fields.network }, () => ({
            relation: 'sister',
            consent_id: randomUUID(),
            received: [],
          })),
        ),
        randomUUID(),
      ],
    );
  const refer = (caseId: string, at: Date, attendedAt: Date | null) =>
    db.query(
      `insert into outreach_referrals (jurisdiction_id, id, program_id, case_id, service_id, service_name, need, handoff,
         status, referred_at, first_attended_at, last_status_at, created_by, recorded_at)
       values ($1, $2, $3, $4, 'svc-1', 'Clinic', 'moud', 'warm_handoff', $5, $6, $7, $6, $8, $6)`,
      [
        jurisdictionId,
        randomUUID(),
        programId,
        caseId,
        attendedAt ? 'in-progress' : 'requested',
        at,
        attendedAt,
        randomUUID(),
      ],
    );
  const after = (clock: Date, hours: number) => new Date(clock.getTime() + hours * HOUR);

  for (let i = 0; i < 20; i++) {
    const clock = nextClock();
    const id = await openCase(clock, {
      matchKey: `g1-${i}`,
      overdose: { race: 'white', ethnicity: 'not_hispanic', sex: 'male', age: 30 },
    });
    await attempt(id, after(clock, 3), 'no_answer');
    await attempt(id, after(clock, 5), 'survivor_reached');
    await visit(id, after(clock, 30), { accepted: ['naloxone'], police: false, network: 0 });
    if (i < 12) await refer(id, after(clock, 31), after(clock, 72));
    if (i < 10) await linkOverdose(id, randomUUID(), new Date(clock.getTime() + 45 * DAY));
  }
  for (let i = 0; i < 12; i++) {
    const clock = nextClock();
    const id = await openCase(clock, {
      matchKey: i % 2 === 0 ? 'g2-a' : 'g2-b',
      overdose: { race: 'black', ethnicity: 'not_hispanic', sex: 'female', age: 40 },
    });
    await attempt(id, after(clock, 80), 'no_answer');
  }
  for (let i = 0; i < 10; i++) {
    const clock = nextClock();
    const id = await openCase(clock, { matchKey: `g3-${i}`, pathway: 'self_referral' });
    await attempt(id, after(clock, 1), 'survivor_reached', ['naloxone']);
  }
  for (let i = 0; i < 11; i++) {
    await openCase(nextClock(), {
      matchKey: `g4-${i}`,
      closedDeclined: true,
      overdose: { race: 'white', ethnicity: 'not_hispanic', sex: 'female', age: 60 },
    });
  }
  for (let i = 0; i < 10; i++) {
    const clock = nextClock();
    const id = await openCase(clock, {
      matchKey: `g5-${i}`,
      overdose: { race: null, ethnicity: 'hispanic', sex: 'male', age: 22 },
    });
    await attempt(id, after(clock, 10), 'survivor_reached');
    await visit(id, after(clock, 40), { accepted: [], police: true, network: 1 });
    await refer(id, after(clock, 41), null);
    await linkOverdose(id, randomUUID(), new Date(clock.getTime() + 10 * DAY));
  }
  const someone = { race: 'white', ethnicity: 'not_hispanic', sex: 'male', age: 45 };
  const february = (i: number) => new Date(Date.parse('2026-02-20T15:00:00Z') + i * HOUR);
  for (let i = 0; i < 7; i++) await insertOverdose(db, jurisdictionId, february(i), 'A', someone);
  for (let i = 0; i < 5; i++) await insertOverdose(db, jurisdictionId, february(10 + i), 'A', someone, true);
  for (let i = 0; i < 4; i++) await insertOverdose(db, jurisdictionId, february(20 + i), 'B', someone);
  for (let i = 0; i < 3; i++) {
    await insertOverdose(
      db,
      jurisdictionId,
      new Date(Date.parse('2026-01-15T15:00:00Z') + i * HOUR),
      'A',
      someone,
    );
  }
  return programId;
}
