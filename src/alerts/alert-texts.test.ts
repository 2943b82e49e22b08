import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { webhookPayload } from './alert-notifier.js';
import type { Alert } from './alert-rule.js';
import { analystAlertText, partnerAlertText } from './alert-texts.js';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.js';

const alert: Alert = {
  jurisdictionId: '00000000-0000-4000-8000-000000000001',
  id: '0190f000-0000-7000-8000-000000000002',
  ruleId: '0190f000-0000-7000-8000-000000000003',
  raisedAt: new Date('2026-11-21T12:34:56.789Z'),
  windowStart: new Date('2026-11-20T12:34:56.789Z'),
  windowEnd: new Date('2026-11-21T12:34:56.789Z'),
  count: 7,
  threshold: 4,
  status: 'new',
  details: {
    ruleName: 'Fentanyl in Northside',
    method: 'threshold_24h',
    scope: { layerId: 'towns', areaId: 'n1', sourceTypes: ['ems'], substance: 'fentanyl' },
    placeName: 'Northside',
    timeZone: 'America/New_York',
    minimumCount: 3,
    earlierCounts: [1, 3, 0, 2],
    recurrenceThreshold: 3,
  },
  peakCount: 7,
  lastWindowEnd: new Date('2026-11-21T12:34:56.789Z'),
  endedAt: null,
  updatedAt: new Date('2026-11-21T12:34:56.789Z'),
};

describe('alert texts', () => {
  it('tells partners the place and the numbers in a short, non-stigmatizing text with no times', () => {
    const text = partnerAlertText(alert);
    assert.equal(text.subject, 'Overdose spike alert: Northside');
    assert.match(
      text.body,
      /^More suspected overdoses than usual in Northside in the last 24 hours: 7 \(alert level 4\)\./,
    );
    assert.match(text.body, /Carry naloxone/);
    assert.doesNotMatch(`${text.subject}\n${text.body}`, /\d{1,2}:\d{2}|2026|fentanyl|\bems\b|towns/i);
    assert.doesNotMatch(text.body, /addict|abuse|junk/i);
    assert.ok(text.body.length < 400);
  });

  it('gives analysts the numbers, window, threshold, method and scope', () => {
    const text = analystAlertText(alert);
    assert.match(text.subject, /Fentanyl in Northside: 7 suspected overdoses in 24 hours \(threshold 4\)/);
    for (const part of [
      '2026-11-20T12:34:56.789Z to 2026-11-21T12:34:56.789Z',
      'Threshold: 4, the smallest count that raises an alert: above the recurrence threshold of 3',
      'at least the minimum count of 3',
      'threshold_24h',
      'layer towns, area n1',
      'primary source types: ems',
      'substance: fentanyl',
      'case definition: any',
      '1, 3, 0, 2',
    ]) {
      assert.ok(text.body.includes(part), `missing ${part}`);
    }
  });

  it('sends webhooks partner-level facts with the hour only', () => {
    const payload = webhookPayload(alert);
    assert.equal(payload.raised_hour, '2026-11-21T12:00:00.000Z');
    assert.equal(payload.count, 7);
    assert.doesNotMatch(JSON.stringify(payload), /12:34|fentanyl|earlier/);
  });
});

describe('webhook signature', () => {
  it('is sha256= and the hex HMAC-SHA256 of the raw body', () => {
    // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a published test value.
    assert.equal(
      signWebhookBody('The quick brown fox jumps over the lazy dog', 'key'),
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('verifies only the same body under the same secret', () => {
    const body = '{"count":7}';
    const header = signWebhookBody(body, 'a secret of sixteen+');
    assert.ok(verifyWebhookSignature(body, 'a secret of sixteen+', header));
    assert.ok(!verifyWebhookSignature('{"count":8}', 'a secret of sixteen+', header));
    assert.ok(!verifyWebhookSignature(body, 'another secret here', header));
    assert.ok(!verifyWebhookSignature(body, 'a secret of sixteen+', undefined));
  });
});
