import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SosError } from '../../platform/errors.js';
import { smsChannel } from './message-channels.js';

const message = { to: '+18605550123', subject: '', body: 'hello', idempotencyKey: 'm1' };

describe('the SMS channel', () => {
  it('refuses a provider URL on the loopback or the private network unless allowed (SSRF), naming no number', async () => {
    for (const url of [
      'http://127.0.0.1:9/messages',
      'http://10.1.2.3/messages',
      'http://169.254.169.254/latest',
    ]) {
      const channel = smsChannel({ url, token: 't', from: '+18605550100', allowedRanges: [] });
      await assert.rejects(channel.send(message), (error) => {
        assert.ok(error instanceof SosError && error.code === 'WEBHOOK_ADDRESS_REFUSED', String(error));
        assert.ok(!error.message.includes(message.to));
        return true;
      });
    }
  });

  it('says which settings are missing instead of sending', async () => {
    const channel = smsChannel({ url: null, token: null, from: null, allowedRanges: [] });
    assert.equal(channel.configured, false);
    await assert.rejects(channel.send(message), /SOS_SMS_URL, SOS_SMS_TOKEN and SOS_SMS_FROM/);
  });
});
