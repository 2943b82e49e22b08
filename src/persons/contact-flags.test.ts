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
