import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SosError } from '../platform/errors.js';
import { decideAccess } from './access-decision.js';
import { authorize, authorizeUser } from './authorize.js';
import type { GlassBreak } from './break-the-glass/glass-break.js';
import { type Action, actions } from './policy.js';
import type { Resource } from './resource.js';
import type { Actor, Role } from './roles.js';

const HERE = 'jurisdiction-here';
const ELSEWHERE = 'jurisdiction-elsewhere';
const user = (role: Role, more: Partial<Extract<Actor, { kind: 'user' }>> = {}): Actor => ({
  kind: 'user',
  userId: `user-${role}`,
  jurisdictionId: HERE,
  role,
  organizationId: null,
  ...more,
});
const refusedWith = (code: string, message?: RegExp) => (error: unknown) =>
  error instanceof SosError && error.code === code && (message === undefined || message.test(error.message));

describe('access policy: conditions on the record', () => {
  it('same jurisdiction: an analyst reads line-level overdoses of her jurisdiction only', () => {
    const analyst = user('analyst');
    const overdose = (jurisdictionId: string): Resource => ({ type: 'overdose', jurisdictionId, tier: 'T2' });
    assert.equal(authorize(analyst, 'overdose.read_line_level', overdose(HERE)).effect, 'allow');
    assert.throws(
      () => authorize(analyst, 'overdose.read_line_level', overdose(ELSEWHERE)),
      refusedWith('FORBIDDEN', /another jurisdiction/),
    );
  });

  it('own organization: a submitter and an API key act for their own organization, not another', () => {
    const report = (organizationId: string, jurisdictionId = HERE): Resource => ({
      type: 'report',
      jurisdictionId,
      organizationId,
    });
    const submitter = user('submitter', { organizationId: 'ems' });
    const key: Actor = {
      kind: 'api_key',
      keyId: 'k',
      jurisdictionId: HERE,
      organizationId: 'ems',
      scopes: ['submit'],
    };
    for (const actor of [submitter, key]) {
      assert.equal(authorize(actor, 'report.submit', report('ems')).effect, 'allow');
      assert.throws(
        () => authorize(actor, 'report.submit', report('police')),
        refusedWith('FORBIDDEN', /You may not act for this organization/),
      );
      assert.throws(
        () => authorize(actor, 'report.submit', report('ems', ELSEWHERE)),
        refusedWith('FORBIDDEN'),
      );
    }
    // A user tied to no organization acts for any of her jurisdiction, and for none elsewhere.
    const analyst = user('analyst');
    assert.equal(authorize(analyst, 'report.import', report('police')).effect, 'allow');
    assert.throws(
      () => authorize(analyst, 'report.import', report('police', ELSEWHERE)),
      refusedWith('FORBIDDEN'),
    );
    // A service provider acts only for her organization: tied to none, she acts for none.
    const provider = user('service_provider');
    const referral: Resource = { type: 'referral', jurisdictionId: HERE, organizationId: 'clinic' };
    assert.throws(() => authorize(provider, 'referral.receive', referral), refusedWith('FORBIDDEN'));
    const clinicStaff = user('service_provider', { organizationId: 'clinic' });
    assert.equal(authorize(clinicStaff, 'referral.receive', referral).effect, 'allow');
    // A record of no organization is never "her own".
    assert.throws(
      () => authorize(submitter, 'report.submit', { type: 'report', jurisdictionId: HERE }),
      refusedWith('FORBIDDEN'),
    );
  });

  it('assigned to the actor: an outreach worker reads the cases assigned to her and no other', () => {
    const worker = user('outreach_worker', { programIds: ['program-a'] });
    const outreachCase = (assignedTo: string): Resource => ({
      type: 'outreach_case',
      id: 'case-1',
      jurisdictionId: HERE,
      programId: 'program-a',
      assignedTo,
      tier: 'T3',
    });
    assert.equal(
      authorize(worker, 'outreach.read', outreachCase('user-outreach_worker'), 'treatment').effect,
      'allow',
    );
    assert.throws(
      () => authorize(worker, 'outreach.read', outreachCase('someone-else'), 'treatment'),
      refusedWith('FORBIDDEN', /not assigned to you/),
    );
    // Her program's other cases stay closed to her: the worker has no break-the-glass either.
    assert.equal(decideAccess(worker, 'outreach.read', outreachCase('someone-else')).effect, 'deny');
  });

  it("member of the record's program: a coordinator reads her programs' persons, not another program's", () => {
    const coordinator = user('outreach_coordinator', { programIds: ['program-a'] });
    const person = (programId: string): Resource => ({
      type: 'person',
      id: 'person-1',
      jurisdictionId: HERE,
      programId,
      tier: 'T3',
    });
    assert.equal(authorize(coordinator, 'person.read', person('program-a'), 'treatment').effect, 'allow');
    assert.throws(
      () => authorize(coordinator, 'person.read', person('program-b'), 'treatment'),
      refusedWith('FORBIDDEN', /program you do not work in/),
    );
    assert.throws(
      () => authorize(user('outreach_coordinator'), 'person.read', person('program-a'), 'treatment'),
      refusedWith('FORBIDDEN'),
    );
  });

  it('review member: only members with a signed agreement read a fatality review, for the review only', () => {
    const review = (reviewMembers: string[]): Resource => ({
      type: 'fatality_review',
      id: 'review-1',
      jurisdictionId: HERE,
      reviewMembers,
      // T2 to the tier guard, so that an analyst may sit on the review: the membership rule is what
      // opens the identifiers inside, and it keeps every T1 role out twice over.
      tier: 'T2',
    });
    const analyst = user('analyst');
    const signed = review(['user-analyst', 'user-outreach_oversight']);
    assert.equal(authorize(analyst, 'fatality_review.read', signed, 'fatality_review').effect, 'allow');
    assert.equal(
      authorize(user('outreach_oversight'), 'fatality_review.read', signed, 'fatality_review').effect,
      'allow',
    );
    assert.throws(
      () =>
        authorize(analyst, 'fatality_review.read', review(['user-outreach_oversight']), 'fatality_review'),
      refusedWith('FORBIDDEN', /signed confidentiality agreement/),
    );
    assert.throws(
      () => authorize(analyst, 'fatality_review.read', signed, 'surveillance'),
      refusedWith('FORBIDDEN'),
    );
    // A public safety analyst named a member by mistake still reads nothing of it.
    assert.throws(
      () =>
        authorize(
          user('public_safety_analyst'),
          'fatality_review.read',
          review(['user-public_safety_analyst']),
          'fatality_review',
        ),
      refusedWith('FORBIDDEN'),
    );
  });

  it('purpose of use: outreach records are read for treatment, operations or audit, not for surveillance', () => {
    const coordinator = user('outreach_coordinator', { programIds: ['program-a'] });
    const outreachCase: Resource = { type: 'outreach_case', jurisdictionId: HERE, programId: 'program-a' };
    for (const purpose of ['treatment', 'operations', 'audit'] as const) {
      assert.equal(authorize(coordinator, 'outreach.read', outreachCase, purpose).effect, 'allow', purpose);
    }
    assert.throws(
      () => authorize(coordinator, 'outreach.read', outreachCase, 'surveillance'),
      refusedWith('FORBIDDEN', /purpose "surveillance"/),
    );
  });

  it('a public safety role never reaches person or outreach data, whatever the record or purpose', () => {
    const t3Actions: Action[] = ['person.read', 'outreach.read', 'outreach.write'];
    for (const role of ['public_safety_analyst', 'harm_reduction_partner'] as const) {
      const actor = user(role, { programIds: ['program-a'] });
      const record: Resource = {
        type: 'person',
        id: 'person-1',
        jurisdictionId: HERE,
        programId: 'program-a',
        assignedTo: `user-${role}`,
        tier: 'T3',
      };
      for (const action of t3Actions) {
        for (const purpose of [undefined, 'treatment', 'emergency'] as const) {
          assert.equal(
            decideAccess(actor, action, record, purpose).effect,
            'deny',
            `${role} ${action} ${purpose}`,
          );
        }
      }
      // And a T3 record is refused above their tier, even under an action their role holds.
      assert.throws(
        () =>
          authorize(actor, 'aggregate.read_partner', { type: 'person', jurisdictionId: HERE, tier: 'T3' }),
        refusedWith('FORBIDDEN', /T3 data, above your role's tier/),
      );
    }
  });

  it('asks the public to sign in and names the action to a role without it', () => {
    assert.throws(() => authorize({ kind: 'public' }, 'alert.read'), refusedWith('UNAUTHENTICATED'));
    assert.throws(
      () => authorize(user('submitter'), 'alert.read'),
      refusedWith('FORBIDDEN', /^Your role may not do this \(alert\.read\)$/),
    );
  });

  it("keeps the reads of one's own jurisdiction to signed-in users: the host and API keys are refused", () => {
    const system: Actor = { kind: 'system', label: 'cli' };
    assert.throws(
      () => authorizeUser(system, 'aggregate.read_partner', 'Hot spots are read by signed-in users'),
      refusedWith('FORBIDDEN', /^Hot spots are read by signed-in users$/),
    );
    const key: Actor = {
      kind: 'api_key',
      keyId: 'k',
      jurisdictionId: HERE,
      organizationId: 'o',
      scopes: ['submit'],
    };
    assert.throws(() => authorizeUser(key, 'layer.read_outlines'), refusedWith('FORBIDDEN'));
    assert.doesNotThrow(() => authorizeUser(user('analyst'), 'aggregate.read_partner'));
  });

  it('lets the host act on any record of any jurisdiction', () => {
    const system: Actor = { kind: 'system', label: 'cli' };
    for (const action of actions) {
      assert.equal(
        decideAccess(system, action, { type: 'report', jurisdictionId: ELSEWHERE }).effect,
        'allow',
      );
    }
  });
});

describe('access policy: break the glass', () => {
  const coordinator = user('outreach_coordinator', { programIds: ['program-a'] });
  const otherProgramsPerson: Resource = {
    type: 'person',
    id: 'person-9',
    jurisdictionId: HERE,
    programId: 'program-b',
    tier: 'T3',
  };
  const openedAt = new Date('2026-01-05T10:00:00Z');
  const glass: GlassBreak = {
    id: 'glass-1',
    jurisdictionId: HERE,
    userId: 'user-outreach_coordinator',
    action: 'person.read',
    resourceType: 'person',
    resourceId: 'person-9',
    reason: 'Survivor brought to our drop-in by a family member',
    openedAt,
    expiresAt: new Date(openedAt.getTime() + 60 * 60_000),
  };
  const minutesLater = (minutes: number) => new Date(openedAt.getTime() + minutes * 60_000);

  it("answers break-the-glass to a coordinator on another program's person, for 60 minutes", () => {
    const decision = decideAccess(coordinator, 'person.read', otherProgramsPerson, 'emergency');
    assert.equal(decision.effect, 'break_the_glass');
    assert.equal(decision.effect === 'break_the_glass' && decision.minutes, 60);
    // Nobody else may: not a worker, not a coordinator of another jurisdiction, not for writing.
    assert.equal(
      decideAccess(user('outreach_worker'), 'person.read', otherProgramsPerson, 'emergency').effect,
      'deny',
    );
    assert.equal(
      decideAccess(
        user('outreach_coordinator', { jurisdictionId: ELSEWHERE }),
        'person.read',
        otherProgramsPerson,
        'emergency',
      ).effect,
      'deny',
    );
    assert.equal(
      decideAccess(coordinator, 'outreach.write', otherProgramsPerson, 'emergency').effect,
      'deny',
    );
  });

  it('refuses the emergency read without a broken glass, and allows it with one until it expires', () => {
    const use = (glassBreak: GlassBreak | null, now: Date) => ({
      purpose: 'emergency' as const,
      glassBreak,
      now,
    });
    assert.throws(
      () => authorize(coordinator, 'person.read', otherProgramsPerson, use(null, minutesLater(1))),
      refusedWith('BREAK_THE_GLASS_REQUIRED', /60 minutes/),
    );
    assert.throws(
      () => authorize(coordinator, 'person.read', otherProgramsPerson),
      refusedWith('BREAK_THE_GLASS_REQUIRED'),
    );
    assert.equal(
      authorize(coordinator, 'person.read', otherProgramsPerson, use(glass, minutesLater(59))).effect,
      'break_the_glass',
    );
    assert.throws(
      () => authorize(coordinator, 'person.read', otherProgramsPerson, use(glass, minutesLater(60))),
      refusedWith('BREAK_THE_GLASS_REQUIRED'),
    );
    // A glass broken on one record opens no other, and is the coordinator's own.
    assert.throws(
      () =>
        authorize(
          coordinator,
          'person.read',
          { ...otherProgramsPerson, id: 'person-10' },
          use(glass, minutesLater(1)),
        ),
      refusedWith('BREAK_THE_GLASS_REQUIRED'),
    );
    assert.throws(
      () =>
        authorize(
          user('outreach_coordinator', { userId: 'another-coordinator', programIds: ['program-a'] }),
          'person.read',
          otherProgramsPerson,
          use(glass, minutesLater(1)),
        ),
      refusedWith('BREAK_THE_GLASS_REQUIRED'),
    );
  });
});
