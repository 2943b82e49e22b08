import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Action, actions, actorMay, actorTier, roleMay, roleTier } from './policy.js';
import { type Role, roles } from './roles.js';

// The access model of DESIGN.md written out by hand, one line per action, roles in this order:
// administrator, analyst, outreach_coordinator, outreach_worker, public_safety_analyst,
// harm_reduction_partner, submitter, service_provider, outreach_oversight. 'x' may, '.' may not.
const expected: Record<Action, string> = {
  'report.submit': '.x....x..',
  'report.import': 'xx....x..',
  'report.read_own': '.x....x..',
  'overdose.read_line_level': '.x.......',
  'overdose.export': '.x.......',
  'aggregate.read_partner': '.x..xx...',
  'aggregate.read_public': 'xxxxxxxxx',
  'alert.read': '.xx.xx...',
  'alert.manage': 'xx.......',
  'alert.backtest': '.x.......',
  'alert.respond': '.xx.xx...',
  'report_schedule.manage': 'xx.......',
  'report_recipient_domain.manage': '.x.......',
  'report_archive.read_internal': '.x.......',
  'report_archive.read_partner': '.x..xx...',
  'report_archive.read_public': 'xxxxxxxxx',
  'report_archive.list': 'xx.......',
  'person.read': '..xx...x.',
  'linkage.review': '.x.......',
  'outreach.read': '..xx.....',
  'outreach.write': '..xx.....',
  'outreach.assign': '..x......',
  'outreach.override_cap': '..x......',
  'outreach.read_metrics': '.xx.....x',
  'outreach_program.manage': 'x.x......',
  'outreach.transfer': '..x......',
  'outreach.disclose': '..x......',
  'directory.read': 'xxxxxx.xx',
  'directory.manage': 'xxx......',
  'directory.update_capacity': 'xxx....x.',
  'referral.receive': '.......x.',
  'coercive_act.record': '..x.....x',
  'coercive_act.read': '........x',
  'school.manage': 'x.x......',
  'responder_unit.manage': 'x........',
  'responder_wellbeing.read': 'xx..x....',
  'sharing_agreement.read_public': 'xxxxxxxxx',
  'layer.manage': 'xx.......',
  'layer.read_outlines': '.x..xxx..',
  'jurisdiction.manage': 'x........',
  'organization.manage': 'x........',
  'user.manage': 'x........',
  'api_key.manage': 'x........',
  'sharing_agreement.manage': 'x........',
  'audit.read': 'x........',
  'audit.verify': 'x........',
  'account.manage_own': 'xxxxxxxxx',
  'brief.read': '.x..xx...',
  'announcement.manage': '.x..xx...',
  'community_alert.subscribe': 'xxxxxxxxx',
  'community_alert.draft': '.x...x...',
  'community_alert.approve': '.x.......',
  'drug_check.submit': '.x...xx..',
  'drug_check.read': '.x..xx...',
  'naloxone.record': '.x...xx..',
  'naloxone.read': '.xx.xx...',
  'naloxone.manage': 'xx...x...',
  'fatality_review.manage': '.x.......',
  'fatality_review.read': '.xx.....x',
  'fatality_review.read_summary': 'xxx.xx..x',
  'interop.export': '.x....x..',
  'interop.manage': '.x.......',
};
const roleOrder: Role[] = [
  'administrator',
  'analyst',
  'outreach_coordinator',
  'outreach_worker',
  'public_safety_analyst',
  'harm_reduction_partner',
  'submitter',
  'service_provider',
  'outreach_oversight',
];

describe('role policy', () => {
  it('the table covers every role and every action', () => {
    assert.deepEqual([...roleOrder].sort(), [...roles].sort());
    assert.deepEqual(Object.keys(expected).sort(), [...actions].sort());
  });

  for (const action of actions) {
    roleOrder.forEach((role, i) => {
      const allowed = expected[action][i] === 'x';
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        assert.equal(roleMay(role, action), allowed);
        assert.equal(
          actorMay({ kind: 'user', userId: 'u', jurisdictionId: 'j', role, organizationId: null }, action),
          allowed,
        );
      });
    });
  }

  it('never lets a public safety role reach identifiable or outreach data', () => {
    for (const role of ['public_safety_analyst', 'harm_reduction_partner'] as const) {
      for (const action of [
        'person.read',
        'outreach.read',
        'outreach.write',
        'outreach.assign',
        'outreach.override_cap',
        'outreach.read_metrics',
        'outreach_program.manage',
        'overdose.read_line_level',
        'fatality_review.read',
        'interop.export',
      ] as const) {
        assert.equal(roleMay(role, action), false, `${role} ${action}`);
      }
      assert.equal(roleTier[role], 'T1');
    }
  });

  it('gives the public T0 aggregates and public reports only, and an API key submitting and what the public may', () => {
    const publicOnes = new Set<Action>([
      'aggregate.read_public',
      'report_archive.read_public',
      'sharing_agreement.read_public',
      'community_alert.subscribe',
    ]);
    for (const action of actions) {
      assert.equal(actorMay({ kind: 'public' }, action), publicOnes.has(action), action);
      const key = {
        kind: 'api_key' as const,
        keyId: 'k',
        jurisdictionId: 'j',
        organizationId: 'o',
        scopes: ['submit'],
      };
      const submits = new Set<Action>(['report.submit', 'drug_check.submit', 'naloxone.record']);
      assert.equal(actorMay(key, action), submits.has(action) || publicOnes.has(action), action);
      assert.equal(actorMay({ ...key, scopes: [] }, action), publicOnes.has(action), action);
      const referralKey = { ...key, scopes: ['referrals'] };
      const answers = new Set<Action>(['referral.receive', 'directory.update_capacity']);
      assert.equal(actorMay(referralKey, action), answers.has(action) || publicOnes.has(action), action);
    }
    assert.equal(actorTier({ kind: 'public' }), 'T0');
  });

  it('maps each role to the tier of DESIGN.md', () => {
    assert.deepEqual(roleTier, {
      administrator: 'T0',
      analyst: 'T2',
      outreach_coordinator: 'T3',
      outreach_worker: 'T3',
      public_safety_analyst: 'T1',
      harm_reduction_partner: 'T1',
      submitter: 'T0',
      service_provider: 'T3',
      outreach_oversight: 'T3',
    });
  });
});
