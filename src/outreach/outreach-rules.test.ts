import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SosError } from '../platform/errors.js';
import { type Consent, consentInForce } from './case-records.js';
import {
  attemptCapRefusal,
  consentCovers,
  disclosureRefusal,
  furtherContactRefusal,
  lawEnforcementRefusal,
  materialsRefusal,
  networkConsentRefusal,
  phoneFirstRefusal,
} from './outreach-rules.js';
import type { ConsentScope, LawEnforcementPolicy, OfficerDress } from './outreach-vocabulary.js';

const hour = 3_600_000;
const now = new Date('2026-03-10T12:00:00Z');
const ago = (hours: number) => new Date(now.getTime() - hours * hour);

function consent(scope: ConsentScope, over: Partial<Consent> = {}): Consent {
  return {
    jurisdictionId: 'j',
    id: `${scope}-${Math.random()}`,
    caseId: 'c',
    scope,
    recipient: scope === 'disclose_to_person' ? 'her sister' : null,
    method: 'verbal',
    obtainedBy: 'u',
    obtainedAt: ago(5),
    expiresAt: null,
    revokedAt: null,
    revokedBy: null,
    recipientOrganizationId: null,
    recipientProgramId: null,
    ...over,
  };
}

const codeOf = (e: SosError | null) => e?.code ?? null;
const fieldOf = (e: SosError | null) => (e?.details as { field?: string } | undefined)?.field;

describe('consent in force', () => {
  it('holds from obtained_at until revoked or expired, at the instant given', () => {
    assert.equal(consentInForce(consent('home_visit'), now), true);
    assert.equal(
      consentInForce(consent('home_visit', { obtainedAt: new Date(now.getTime() + 1) }), now),
      false,
    );
    assert.equal(consentInForce(consent('home_visit', { obtainedAt: now }), now), true);
    assert.equal(consentInForce(consent('home_visit', { revokedAt: ago(1) }), now), false);
    assert.equal(consentInForce(consent('home_visit', { expiresAt: now }), now), false);
    assert.equal(
      consentInForce(consent('home_visit', { expiresAt: new Date(now.getTime() + 1) }), now),
      true,
    );
  });

  it('covers an action only when obtained by its time, of its scope, and still in force now', () => {
    const c = consent('home_visit', { obtainedAt: ago(2) });
    assert.equal(consentCovers(c, 'home_visit', ago(1), now), true);
    // Obtained after the action: it does not excuse it.
    assert.equal(consentCovers(c, 'home_visit', ago(3), now), false);
    assert.equal(consentCovers(c, 'further_contact', ago(1), now), false);
    // Revoked since, or expired since: an action recorded late is refused at once.
    assert.equal(consentCovers({ ...c, revokedAt: ago(0.5) }, 'home_visit', ago(1), now), false);
    assert.equal(consentCovers({ ...c, expiresAt: ago(0.5) }, 'home_visit', ago(1), now), false);
  });
});

describe('materials rule', () => {
  const base = {
    materialsAllowed: ['naloxone', 'contact_card'] as const,
    consents: [] as Consent[],
    at: ago(1),
    now,
  };
  it('allows nothing left, or materials when the survivor was reached', () => {
    assert.equal(materialsRefusal({ ...base, materialsLeft: [], outcome: 'no_answer' }), null);
    assert.equal(
      materialsRefusal({ ...base, materialsLeft: ['naloxone', 'contact_card'], outcome: 'survivor_reached' }),
      null,
    );
  });
  it('refuses materials left when the survivor was not reached, whatever the other outcome', () => {
    for (const outcome of ['other_person_answered', 'no_answer', 'wrong_number', 'declined'] as const) {
      const refusal = materialsRefusal({ ...base, materialsLeft: ['contact_card'], outcome });
      assert.equal(codeOf(refusal), 'OUTREACH_MATERIALS_NOT_ALLOWED', outcome);
      assert.equal(fieldOf(refusal), 'materials_left');
    }
  });
  it('allows a drop-off under a materials consent in force, not under a revoked, expired or later one', () => {
    const input = { ...base, materialsLeft: ['naloxone'] as const, outcome: 'no_answer' as const };
    const ok = consent('materials_by_mail_or_drop_off');
    assert.equal(materialsRefusal({ ...input, consents: [ok] }), null);
    for (const bad of [
      consent('materials_by_mail_or_drop_off', { revokedAt: ago(0.1) }),
      consent('materials_by_mail_or_drop_off', { expiresAt: ago(0.1) }),
      consent('materials_by_mail_or_drop_off', { obtainedAt: ago(0.5) }),
      consent('home_visit'),
    ]) {
      assert.equal(codeOf(materialsRefusal({ ...input, consents: [bad] })), 'OUTREACH_MATERIALS_NOT_ALLOWED');
    }
  });
  it('refuses a material the program does not allow, even to a survivor reached', () => {
    const refusal = materialsRefusal({
      ...base,
      materialsLeft: ['fentanyl_test_strips'],
      outcome: 'survivor_reached',
    });
    assert.equal(codeOf(refusal), 'OUTREACH_MATERIALS_NOT_ALLOWED');
    assert.match(refusal?.message ?? '', /fentanyl_test_strips/);
  });
});

describe('disclosure rule', () => {
  const toSister = consent('disclose_to_person');
  const base = { consents: [toSister], at: ago(1), now };
  it('lets the generic script through without any consent', () => {
    assert.equal(
      disclosureRefusal({ ...base, consents: [], disclosure: 'generic_script', disclosureConsentId: null }),
      null,
    );
  });
  it('allows a disclosure under the named consent to that person in force', () => {
    assert.equal(
      disclosureRefusal({ ...base, disclosure: 'disclosed', disclosureConsentId: toSister.id }),
      null,
    );
  });
  it("refuses a disclosure naming no consent, another case's, another scope, revoked, expired or later", () => {
    const visit = consent('home_visit');
    const revoked = consent('disclose_to_person', { revokedAt: ago(0.2) });
    const expired = consent('disclose_to_person', { expiresAt: ago(0.2) });
    const later = consent('disclose_to_person', { obtainedAt: ago(0.5) });
    const consents = [toSister, visit, revoked, expired, later];
    for (const id of [null, 'not-of-this-case', visit.id, revoked.id, expired.id, later.id]) {
      const refusal = disclosureRefusal({
        ...base,
        consents,
        disclosure: 'disclosed',
        disclosureConsentId: id,
      });
      assert.equal(codeOf(refusal), 'CONSENT_REQUIRED', String(id));
      assert.equal(fieldOf(refusal), 'disclosure_consent_id');
    }
  });
});

describe('phone-first rule', () => {
  const base = { consents: [] as Consent[], at: ago(1), now, field: 'method' as const };
  it('refuses in person before a visit consent where the program is phone first', () => {
    const refusal = phoneFirstRefusal({ ...base, inPerson: true, phoneFirst: true });
    assert.equal(codeOf(refusal), 'CONSENT_REQUIRED');
    assert.equal(fieldOf(refusal), 'method');
  });
  it('allows contact by phone, in person where phone_first is off, or under a visit consent', () => {
    assert.equal(phoneFirstRefusal({ ...base, inPerson: false, phoneFirst: true }), null);
    assert.equal(phoneFirstRefusal({ ...base, inPerson: true, phoneFirst: false }), null);
    assert.equal(
      phoneFirstRefusal({ ...base, inPerson: true, phoneFirst: true, consents: [consent('home_visit')] }),
      null,
    );
  });
  it('does not count a visit consent revoked, expired or obtained after the visit', () => {
    for (const c of [
      consent('home_visit', { revokedAt: ago(0.1) }),
      consent('home_visit', { expiresAt: ago(0.1) }),
      consent('home_visit', { obtainedAt: ago(0.5) }),
      consent('further_contact'),
    ]) {
      assert.equal(
        codeOf(phoneFirstRefusal({ ...base, inPerson: true, phoneFirst: true, consents: [c] })),
        'CONSENT_REQUIRED',
      );
    }
  });
});

describe('further contact after a decline', () => {
  const field = 'outcome' as const;
  const declined = { id: 'a1', outcome: 'declined' as const, attemptedAt: ago(10) };
  const reached = { id: 'a0', outcome: 'no_answer' as const, attemptedAt: ago(20) };
  it('needs nothing before any decline', () => {
    assert.equal(furtherContactRefusal({ attempts: [reached], consents: [], at: ago(1), now, field }), null);
  });
  it('refuses a further attempt after a decline, naming the decline', () => {
    const refusal = furtherContactRefusal({
      attempts: [reached, declined],
      consents: [],
      at: ago(1),
      now,
      field,
    });
    assert.equal(codeOf(refusal), 'CONSENT_REQUIRED');
    assert.equal(
      (refusal?.details as { declined_attempt_id?: string } | undefined)?.declined_attempt_id,
      'a1',
    );
  });
  it('allows it under a further_contact consent obtained since the decline, not one from before', () => {
    const since = consent('further_contact', { obtainedAt: ago(5) });
    const before = consent('further_contact', { obtainedAt: ago(12) });
    assert.equal(
      furtherContactRefusal({ attempts: [declined], consents: [since], at: ago(1), now, field }),
      null,
    );
    assert.equal(
      codeOf(furtherContactRefusal({ attempts: [declined], consents: [before], at: ago(1), now, field })),
      'CONSENT_REQUIRED',
    );
    // Obtained after the attempt being recorded: it does not cover it.
    assert.equal(
      codeOf(furtherContactRefusal({ attempts: [declined], consents: [since], at: ago(6), now, field })),
      'CONSENT_REQUIRED',
    );
    // Revoked: no longer covers anything.
    assert.equal(
      codeOf(
        furtherContactRefusal({
          attempts: [declined],
          consents: [{ ...since, revokedAt: ago(0.1) }],
          at: ago(1),
          now,
          field,
        }),
      ),
      'CONSENT_REQUIRED',
    );
  });
});

describe('attempt cap', () => {
  it('allows attempts below the cap, refuses exactly at the cap without a coordinator reason', () => {
    const base = { attemptCap: 5, overrideReason: null, mayOverride: false };
    assert.equal(attemptCapRefusal({ ...base, attemptCount: 4 }), null);
    assert.equal(codeOf(attemptCapRefusal({ ...base, attemptCount: 5 })), 'OUTREACH_ATTEMPT_CAP');
    assert.equal(codeOf(attemptCapRefusal({ ...base, attemptCount: 6 })), 'OUTREACH_ATTEMPT_CAP');
  });
  it('lets a coordinator past the cap with a reason of ten characters, never a worker', () => {
    const reason = 'Sister says she is home now';
    assert.equal(
      attemptCapRefusal({ attemptCount: 5, attemptCap: 5, overrideReason: reason, mayOverride: true }),
      null,
    );
    assert.equal(
      codeOf(
        attemptCapRefusal({ attemptCount: 5, attemptCap: 5, overrideReason: reason, mayOverride: false }),
      ),
      'OUTREACH_ATTEMPT_CAP',
    );
    assert.equal(
      codeOf(
        attemptCapRefusal({
          attemptCount: 5,
          attemptCap: 5,
          overrideReason: '  ten chars!  ',
          mayOverride: true,
        }),
      ),
      null,
      'ten characters once trimmed',
    );
    assert.equal(
      codeOf(
        attemptCapRefusal({
          attemptCount: 5,
          attemptCap: 5,
          overrideReason: '   short   ',
          mayOverride: true,
        }),
      ),
      'OUTREACH_ATTEMPT_CAP',
    );
    assert.equal(
      codeOf(attemptCapRefusal({ attemptCount: 5, attemptCap: 5, overrideReason: null, mayOverride: true })),
      'OUTREACH_ATTEMPT_CAP',
    );
  });
});

describe('law enforcement at visits', () => {
  const policies: LawEnforcementPolicy[] = ['never', 'plain_clothes', 'uniform'];
  const dresses: (OfficerDress | null)[] = ['plain_clothes', 'uniform', null];
  // The policy's table, written out: which dress each policy allows.
  const allowed: Record<LawEnforcementPolicy, (OfficerDress | null)[]> = {
    never: [],
    plain_clothes: ['plain_clothes'],
    uniform: ['plain_clothes', 'uniform', null],
  };
  it('follows the policy for each dress, whether flagged or a police member present', () => {
    for (const policy of policies) {
      for (const dress of dresses) {
        for (const [flagged, presentRoles] of [
          [true, ['outreach_worker']],
          [false, ['peer_recovery_coach', 'police']],
        ] as const) {
          const refusal = lawEnforcementRefusal({ policy, flagged, dress, presentRoles });
          const expected = allowed[policy].includes(dress) ? null : 'OUTREACH_LAW_ENFORCEMENT_REFUSED';
          assert.equal(codeOf(refusal), expected, `${policy} x ${dress} (flagged ${flagged})`);
          if (refusal) assert.equal(fieldOf(refusal), 'law_enforcement');
        }
      }
    }
  });
  it('lets any policy through when no officer and no police member was present', () => {
    for (const policy of policies) {
      assert.equal(
        lawEnforcementRefusal({ policy, flagged: false, dress: null, presentRoles: ['clinician', 'ems'] }),
        null,
      );
    }
  });
});

describe('network members reached', () => {
  const toMother = consent('disclose_to_person');
  it('allows members reached under disclosure consents in force, refuses any other, naming the entry', () => {
    const base = { at: ago(1), now };
    assert.equal(networkConsentRefusal({ ...base, consentIds: [], consents: [] }), null);
    assert.equal(networkConsentRefusal({ ...base, consentIds: [toMother.id], consents: [toMother] }), null);
    const revoked = consent('disclose_to_person', { revokedAt: ago(0.1) });
    const visit = consent('home_visit');
    for (const bad of [revoked, visit]) {
      const refusal = networkConsentRefusal({
        ...base,
        consentIds: [toMother.id, bad.id],
        consents: [toMother, revoked, visit],
      });
      assert.equal(codeOf(refusal), 'CONSENT_REQUIRED');
      assert.equal(fieldOf(refusal), 'network_reached.1.consent_id');
    }
    assert.equal(
      codeOf(networkConsentRefusal({ ...base, consentIds: ['unknown'], consents: [toMother] })),
      'CONSENT_REQUIRED',
    );
  });
});
