import {
  boolean,
  index,
  integer,
  json,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Outreach programs: who runs post-overdose outreach where, and the program's policies as data (the
 * PRONTO guidance leaves each choice to the program, and the service enforces what it chose).
 */
export const outreachPrograms = pgTable(
  'outreach_programs',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    /** The owning (lead) organization. */
    organizationId: uuid('organization_id').notNull(),
    /** The areas served: `[{ layer_id, area_id }]`; an overdose in any of them opens a case here. */
    serviceAreas: json('service_areas').notNull(),
    /** Hours from the overdose within which the first contact should come. */
    responseWindowHours: integer('response_window_hours').notNull().default(72),
    /** Contact attempts allowed per case before a coordinator must say why to go on. */
    attemptCap: integer('attempt_cap').notNull().default(5),
    /** First contact by phone or text, and consent asked, before any in-person visit. */
    phoneFirst: boolean('phone_first').notNull().default(true),
    /** Whether law enforcement may attend visits: 'never', 'plain_clothes' or 'uniform'. */
    lawEnforcementAtVisits: text('law_enforcement_at_visits').notNull().default('never'),
    /** The program's written policy on infractions seen during a visit, which the choice above rests on. */
    infractionPolicy: text('infraction_policy').notNull().default(''),
    /** The materials workers may leave (naloxone, fentanyl test strips, contact card...). */
    materialsAllowed: json('materials_allowed').notNull(),
    /** Whether a fatal overdose opens a family-support case. */
    familySupport: boolean('family_support').notNull().default(false),
    /** Days after closing a case before its identifiers are purged (two years by default). */
    retentionDays: integer('retention_days').notNull().default(730),
    /** Who hears of break-the-glass reads of the program's records (an email address). */
    privacyContact: text('privacy_contact'),
    /** Days a referral may wait for the receiving organization's answer before it is flagged. */
    referralAnswerDays: integer('referral_answer_days').notNull().default(3),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.id] })],
);

/**
 * Members of a program: the people on its team, with their agency and their role on the team. A member
 * who signs in to SOS names the user; a partner who does not (an EMS crew member) has no user.
 */
export const outreachProgramMembers = pgTable(
  'outreach_program_members',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    programId: uuid('program_id').notNull(),
    userId: uuid('user_id'),
    displayName: text('display_name').notNull(),
    /** The member's agency (a health department, a harm reduction group, a fire department...). */
    agency: text('agency').notNull(),
    /** outreach_worker, peer_recovery_coach, clinician, social_worker, harm_reduction_worker, ems, police. */
    teamRole: text('team_role').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('outreach_program_members_user_idx').on(t.jurisdictionId, t.userId),
    index('outreach_program_members_program_idx').on(t.jurisdictionId, t.programId),
  ],
);

/**
 * Outreach cases: a survivor (or, after a fatal overdose, a family) on a program's queue. The person is
 * only a vault id; the clock runs from the first overdose of the case.
 */
export const outreachCases = pgTable(
  'outreach_cases',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    programId: uuid('program_id').notNull(),
    /** 'post_overdose' or 'family_support'. */
    kind: text('kind').notNull().default('post_overdose'),
    /** How the case opened: 'overdose', 'deflection' or 'by_hand'. */
    origin: text('origin').notNull(),
    /** The deflection pathway, for cases opened by a referral (deflection-pathways.ts). */
    pathway: text('pathway'),
    /** The person in the vault (null once purged, or when a case opened by hand names nobody yet). */
    personId: uuid('person_id'),
    /** The person's match key in hex, so a repeat overdose finds the open case without opening anyone. */
    matchKey: text('match_key'),
    /** 'open' or 'closed'. */
    status: text('status').notNull().default('open'),
    /** When the response clock started: the case's first overdose, or the referral. */
    clockStartedAt: timestamp('clock_started_at', { withTimezone: true }).notNull(),
    /** The area of the first overdose (e.g. the town), de-identified, for metrics and routing. */
    areaId: text('area_id'),
    /** What intake found unusable in the contact details: 'no_phone', 'no_address'. */
    contactFlags: json('contact_flags').notNull(),
    assignedTo: uuid('assigned_to'),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    /** When the coordinator was told the case is past its response window. */
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /** When the assigned worker was last reminded. */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** engaged, declined, unreachable, moved, in_treatment, deceased, duplicate, other. */
    closeReason: text('close_reason'),
    /** When the identifiers were purged under the program's retention (de-identified facts stay). */
    purgedAt: timestamp('purged_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('outreach_cases_queue_idx').on(t.jurisdictionId, t.programId, t.status, t.clockStartedAt),
    index('outreach_cases_match_idx').on(t.jurisdictionId, t.programId, t.matchKey),
    index('outreach_cases_person_idx').on(t.jurisdictionId, t.personId),
  ],
);

/** The overdoses of a case; one overdose joins at most one case per program (the handler is idempotent). */
export const outreachCaseOverdoses = pgTable(
  'outreach_case_overdoses',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    programId: uuid('program_id').notNull(),
    caseId: uuid('case_id').notNull(),
    overdoseId: uuid('overdose_id').notNull(),
    /** The organization whose report named the person (programs tell it when contact details are unusable). */
    organizationId: uuid('organization_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    fatal: boolean('fatal'),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.programId, t.overdoseId] }),
    index('outreach_case_overdoses_case_idx').on(t.jurisdictionId, t.caseId),
  ],
);

/** Contact attempts: how, by whom, when, what came of it, what was said to whom, what was left. */
export const outreachContactAttempts = pgTable(
  'outreach_contact_attempts',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    /** phone, text, video, in_person, mail. */
    method: text('method').notNull(),
    /** survivor_reached, other_person_answered, no_answer, wrong_number, declined. */
    outcome: text('outcome').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull(),
    /** The user who made the attempt. */
    attemptedBy: uuid('attempted_by').notNull(),
    /** 'generic_script' (nothing disclosed) or 'disclosed' (to the person the consent names). */
    disclosure: text('disclosure').notNull().default('generic_script'),
    /** The consent that allowed a disclosure to another person. */
    disclosureConsentId: uuid('disclosure_consent_id'),
    /** Materials left (only when the survivor was reached). */
    materialsLeft: json('materials_left').notNull(),
    /** Free text: T3. */
    note: text('note'),
    /** Why a coordinator allowed an attempt past the program's cap. */
    capOverrideReason: text('cap_override_reason'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('outreach_contact_attempts_case_idx').on(t.jurisdictionId, t.caseId, t.attemptedAt),
  ],
);

/** Visits: who was present (law enforcement and its dress), where, what was offered and accepted. */
export const outreachVisits = pgTable(
  'outreach_visits',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    visitedAt: timestamp('visited_at', { withTimezone: true }).notNull(),
    /** home, elsewhere_chosen, overdose_location, phone_video. */
    locationType: text('location_type').notNull(),
    /** `[{ member_id, agency, team_role }]`: the team present. */
    present: json('present').notNull(),
    lawEnforcementPresent: boolean('law_enforcement_present').notNull(),
    /** 'plain_clothes' or 'uniform' when law enforcement was present. */
    lawEnforcementDress: text('law_enforcement_dress'),
    servicesOffered: json('services_offered').notNull(),
    servicesAccepted: json('services_accepted').notNull(),
    /** Free text: T3. */
    riskReductionPlan: text('risk_reduction_plan'),
    /** `[{ relation, consent_id, received: [...] }]`: family and network members reached with consent. */
    networkReached: json('network_reached').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('outreach_visits_case_idx').on(t.jurisdictionId, t.caseId, t.visitedAt),
  ],
);

/** Consents: what the survivor agreed to, how, to whom, until when; revocation takes effect at once. */
export const outreachConsents = pgTable(
  'outreach_consents',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    /** further_contact, home_visit, disclose_to_person, share_with_organization, materials_by_mail_or_drop_off, text_messages. */
    scope: text('scope').notNull(),
    /** Whom the consent names (the person told, the organization or program shared with): T3. */
    recipient: text('recipient'),
    /** The organization a `share_with_organization` consent names, when it is one of the jurisdiction's. */
    recipientOrganizationId: uuid('recipient_organization_id'),
    /** The program a `transfer_to_program` consent names. */
    recipientProgramId: uuid('recipient_program_id'),
    /** verbal, written, electronic. */
    method: text('method').notNull(),
    obtainedBy: uuid('obtained_by').notNull(),
    obtainedAt: timestamp('obtained_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by'),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('outreach_consents_case_idx').on(t.jurisdictionId, t.caseId),
  ],
);

/**
 * Referrals from a case to a service of the resource directory, closed loop: the receiving
 * organization answers through its own login or an API key, and the status follows the HL7 SDOH
 * Clinical Care task states. The dates are the funnel's (referred, accepted, first attended).
 */
export const outreachReferrals = pgTable(
  'outreach_referrals',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    programId: uuid('program_id').notNull(),
    caseId: uuid('case_id').notNull(),
    /** The directory service referred to (an HSDS service id). */
    serviceId: text('service_id').notNull(),
    /** The service's name when referred, so the record reads the same if the directory changes. */
    serviceName: text('service_name').notNull(),
    /** The HSDS organization that runs the service, named when referred (the record reads the same later). */
    serviceOrganizationName: text('service_organization_name'),
    /** The jurisdiction's organization that answers for the service (null: answered by the worker). */
    receivingOrganizationId: uuid('receiving_organization_id'),
    /** What the survivor needs from it (one of the outreach services: moud, housing, food...). */
    need: text('need').notNull(),
    /** 'none', 'warm_handoff' (introduced in person or on a call) or 'transport' (taken there). */
    handoff: text('handoff').notNull(),
    /** Free text: T3. */
    note: text('note'),
    /** requested, accepted, rejected, in-progress, on-hold, completed, cancelled, failed. */
    status: text('status').notNull(),
    statusReason: text('status_reason'),
    /** The survivor's consent to share with the receiving organization (null when nothing identifiable leaves). */
    consentId: uuid('consent_id'),
    /** The sharing agreement the flow of identifiable data rests on. */
    agreementId: uuid('agreement_id'),
    /** The receiving service is a 42 CFR Part 2 program: its answers are labelled. */
    part2: boolean('part2').notNull().default(false),
    referredAt: timestamp('referred_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    firstAttendedAt: timestamp('first_attended_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    lastStatusAt: timestamp('last_status_at', { withTimezone: true }).notNull(),
    /** Set when the receiving organization did not answer within the program's referral_answer_days. */
    flaggedAt: timestamp('flagged_at', { withTimezone: true }),
    createdBy: uuid('created_by').notNull(),
    /** The browser's id for a resend-safe write. */
    clientId: uuid('client_id'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('outreach_referrals_case_idx').on(t.jurisdictionId, t.caseId),
    index('outreach_referrals_receiver_idx').on(t.jurisdictionId, t.receivingOrganizationId, t.status),
  ],
);

/** Every status a referral passed through, who moved it and when (the FHIR Task's history). */
export const outreachReferralEvents = pgTable(
  'outreach_referral_events',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    referralId: uuid('referral_id').notNull(),
    /** The move's place in the referral's history (moves of one millisecond keep their order). */
    position: integer('position').notNull().default(0),
    status: text('status').notNull(),
    reason: text('reason'),
    /** 'user', 'api_key' or 'system', as in audit entries. */
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('outreach_referral_events_referral_idx').on(t.jurisdictionId, t.referralId, t.at),
  ],
);

/**
 * Every flow of identifiable data out of a program (a referral's details, a transfer, an export):
 * to whom, under which consent and sharing agreement, whether 42 CFR Part 2 records went with the
 * redisclosure notice. Written in the transaction of the flow, never edited.
 */
export const outreachDisclosures = pgTable(
  'outreach_disclosures',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    programId: uuid('program_id').notNull(),
    /** 'referral', 'transfer' or 'export'. */
    kind: text('kind').notNull(),
    /** The record of the flow (the referral, the transfer's new case, the export). */
    subjectId: uuid('subject_id'),
    recipientOrganizationId: uuid('recipient_organization_id'),
    recipientProgramId: uuid('recipient_program_id'),
    consentId: uuid('consent_id').notNull(),
    agreementId: uuid('agreement_id').notNull(),
    /** The data categories that left (agreement vocabulary). */
    categories: json('categories').notNull(),
    part2: boolean('part2').notNull().default(false),
    /** The 42 CFR 2.32 notice went with the data. */
    noticeIncluded: boolean('notice_included').notNull().default(false),
    disclosedByType: text('disclosed_by_type').notNull(),
    disclosedBy: text('disclosed_by'),
    disclosedAt: timestamp('disclosed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('outreach_disclosures_case_idx').on(t.jurisdictionId, t.caseId),
  ],
);

/** Transfers of a case to another program (another municipality's), with consent and an agreement. */
export const outreachTransfers = pgTable(
  'outreach_transfers',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    fromCaseId: uuid('from_case_id').notNull(),
    fromProgramId: uuid('from_program_id').notNull(),
    toProgramId: uuid('to_program_id').notNull(),
    /** The case opened in the receiving program. */
    toCaseId: uuid('to_case_id').notNull(),
    consentId: uuid('consent_id').notNull(),
    agreementId: uuid('agreement_id').notNull(),
    disclosureId: uuid('disclosure_id').notNull(),
    transferredBy: uuid('transferred_by').notNull(),
    transferredAt: timestamp('transferred_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.id] })],
);

/**
 * A survivor's household: who lives there, children's ages and who cares for them. Names of children
 * are in the vault (person_id), only for a Handle with Care notice.
 */
export const outreachHouseholdMembers = pgTable(
  'outreach_household_members',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    /** child, partner, parent, sibling, other_relative, friend, other. */
    relation: text('relation').notNull(),
    ageYears: integer('age_years'),
    /** Who cares for a child (free text: T3). */
    caregiver: text('caregiver'),
    /** A child's name and birth date, sealed in the vault (only for Handle with Care). */
    personId: uuid('person_id'),
    /** The child's school (for Handle with Care). */
    schoolId: uuid('school_id'),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('outreach_household_members_case_idx').on(t.jurisdictionId, t.caseId),
  ],
);

/** Schools and their designated Handle with Care contact. */
export const schools = pgTable(
  'schools',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    district: text('district'),
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.id] })],
);

/**
 * Handle with Care notices: to the school's designated contact before the next school day, holding
 * only the child's name, birth date and school and the words "Handle with Care". The names are not
 * stored here: the notice is rendered from the vault when sent.
 */
export const handleWithCareNotices = pgTable(
  'handle_with_care_notices',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    householdMemberId: uuid('household_member_id').notNull(),
    schoolId: uuid('school_id').notNull(),
    /** The start of the next school day in the jurisdiction's time zone. */
    dueBy: timestamp('due_by', { withTimezone: true }).notNull(),
    /** 'pending', 'sent' or 'failed'. */
    status: text('status').notNull(),
    recipientEmail: text('recipient_email').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    messageId: text('message_id'),
    failure: text('failure'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('handle_with_care_notices_case_idx').on(t.jurisdictionId, t.caseId),
  ],
);
