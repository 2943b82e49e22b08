import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { domainOf, refusedInternalRecipients } from './internal-recipient-rule.js';

describe('who may receive an internal report', () => {
  const rule = { analystEmails: new Set(['epi@county.test']), domains: ['health.example.gov'] };
  const refused = (recipients: string[]) =>
    refusedInternalRecipients(recipients, rule).map((r) => r.recipient);

  it('lets in the analysts by email, in any case', () => {
    assert.deepEqual(refused(['epi@county.test', ' EPI@County.Test ']), []);
    assert.deepEqual(refused(['other@county.test']), ['other@county.test']);
  });

  it('lets in an allowlisted domain only when it is the whole domain of the address', () => {
    assert.deepEqual(refused(['a@health.example.gov', 'B@HEALTH.EXAMPLE.GOV']), []);
    const lookalikes = [
      'a@evil.health.example.gov.attacker.com',
      'a@sub.health.example.gov',
      'a@xhealth.example.gov',
      'health.example.gov@attacker.com',
      'a@health.example.gov@attacker.com',
      'a@example.gov',
      'no-at-sign',
    ];
    assert.deepEqual(refused(lookalikes), lookalikes);
  });

  it('says why, naming the recipient', () => {
    const [first] = refusedInternalRecipients(['x@y.test'], rule);
    assert.match(first?.reason ?? '', /^x@y\.test is not an active analyst of the jurisdiction/);
  });

  it('reads the domain after the last @', () => {
    assert.equal(domainOf('"a@b"@Health.Example.Gov.'), 'health.example.gov');
    assert.equal(domainOf('nothing'), '');
  });
});
