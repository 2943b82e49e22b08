import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  hashInvitationToken,
  INVITATION_TOKEN_PATTERN,
  invitationLink,
  invitationUsable,
  newInvitationToken,
} from './invitation-token.js';

describe('invitation tokens and links', () => {
  it('makes 43-character base64url tokens, different each time, kept only as their SHA-256', () => {
    const tokens = new Set(Array.from({ length: 50 }, newInvitationToken));
    assert.equal(tokens.size, 50);
    for (const token of tokens) {
      assert.match(token, INVITATION_TOKEN_PATTERN);
      assert.equal(hashInvitationToken(token), createHash('sha256').update(token, 'utf8').digest('hex'));
    }
  });

  it('is usable only unused, not replaced, before its expiry, and while its user is enabled', () => {
    const expiresAt = new Date('2026-03-05T12:00:00Z');
    const open = { expiresAt, usedAt: null, revokedAt: null, userDisabled: false };
    const before = new Date(expiresAt.getTime() - 1);
    assert.equal(invitationUsable(open, before), true);
    assert.equal(invitationUsable(open, expiresAt), false, 'expired at its expiry');
    assert.equal(invitationUsable({ ...open, usedAt: before }, before), false);
    assert.equal(invitationUsable({ ...open, revokedAt: before }, before), false);
    assert.equal(invitationUsable({ ...open, userDisabled: true }, before), false);
  });

  it('puts the token in the fragment of the welcome page of the site', () => {
    assert.equal(
      invitationLink('https://sos.example.org/', 'abc'),
      'https://sos.example.org/welcome#token=abc',
    );
    assert.equal(invitationLink('http://localhost:8080', 'abc'), 'http://localhost:8080/welcome#token=abc');
  });
});
