import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contactFlagsOf } from './contact-flags.js';

describe('contact flags', () => {
  it('flags a missing or undiallable phone and a missing address, by hand-made persons', () => {
    assert.deepEqual(contactFlagsOf(null), ['no_phone', 'no_address']);
    assert.deepEqual(contactFlagsOf({ phone: '(860) 555-0142', address: '12 Elm St, Hartford' }), []);
    assert.deepEqual(contactFlagsOf({ phone: '555-0142', address: '12 Elm St' }), ['no_phone']);
    assert.deepEqual(contactFlagsOf({ phone: '+1 860 555 0142', address: '   ' }), ['no_address']);
    assert.deepEqual(contactFlagsOf({ first_name: 'A' }), ['no_phone', 'no_address']);
  });
});

describe('contact flags of identifying fields sent outside person', () => {
  it("reads a file's own phone and address columns, and not an email address as an address", () => {
    assert.deepEqual(
      contactFlagsOf({ other: { 'Cell Phone': '860.555.0142', 'Home Address': '12 Elm St' } }),
      [],
    );
    assert.deepEqual(contactFlagsOf({ other: { residence_street: '12 Elm St', mobile: '555' } }), [
      'no_phone',
    ]);
    assert.deepEqual(contactFlagsOf({ other: { email_address: 'a@b.org', telephone: 8605550142 } }), [
      'no_address',
    ]);
    assert.deepEqual(contactFlagsOf({ other: { ssn: '123-45-6789', dob: '1990-01-01' } }), [
      'no_phone',
      'no_address',
    ]);
  });
});
