import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Keyring } from '../../platform/keyring.js';
import { openSignInFlow, SIGN_IN_FLOW_MS, sealSignInFlow } from './sign-in-flow-cookie.js';

const keyring = new Keyring([Buffer.alloc(32, 1)]);
const startedAt = Date.parse('2026-03-01T12:00:00Z');
const flow = { providerId: 'p', state: 's', nonce: 'n', codeVerifier: 'v', startedAt };

it('opens the flow it sealed, without showing the PKCE verifier, until it is too old', () => {
  const cookie = sealSignInFlow(keyring, flow);
  assert.ok(
    !Buffer.from(cookie.split('.')[1] as string, 'base64url')
      .toString('latin1')
      .includes('"codeVerifier"'),
  );
  assert.deepEqual(openSignInFlow(keyring, cookie, new Date(startedAt + 1000)), flow);
  assert.equal(openSignInFlow(keyring, cookie, new Date(startedAt + SIGN_IN_FLOW_MS + 1)), null);
  assert.equal(openSignInFlow(keyring, cookie, new Date(startedAt - 1000)), null, 'not from the future');
});

it('refuses a cookie that was altered, sealed by another key, or is missing', () => {
  const cookie = sealSignInFlow(keyring, flow);
  const [keyId, sealed] = cookie.split('.') as [string, string];
  const bytes = Buffer.from(sealed, 'base64url');
  bytes[20] = (bytes[20] as number) ^ 1;
  const now = new Date(startedAt + 1000);
  assert.equal(openSignInFlow(keyring, `${keyId}.${bytes.toString('base64url')}`, now), null);
  assert.equal(openSignInFlow(new Keyring([Buffer.alloc(32, 2)]), cookie, now), null);
  assert.equal(openSignInFlow(keyring, undefined, now), null);
  assert.equal(openSignInFlow(keyring, 'garbage', now), null);
});
