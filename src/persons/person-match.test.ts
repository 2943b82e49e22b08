import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Keyring } from '../platform/keyring.js';
import { matchIdentity, personMatchKeys } from './person-match.js';

describe('person match keys', () => {
  it('ignores case, accents, spaces, hyphens and apostrophes in names', () => {
    const a = matchIdentity({ first_name: 'José', last_name: "O'Brien-Núñez", birth_date: '1990-04-02' });
    const b = matchIdentity({ first_name: ' jose ', last_name: 'OBRIEN NUNEZ', birth_date: '1990-04-02' });
    assert.equal(a, b);
    assert.equal(a, 'obriennunez|jose|1990-04-02');
  });

  it('identifies no one without a last name, a first name and a birth date', () => {
    assert.equal(matchIdentity({ first_name: 'Ann', last_name: 'Lee' }), null);
    assert.equal(matchIdentity({ first_name: 'Ann', birth_date: '1990-04-02' }), null);
    assert.equal(matchIdentity({ first_name: "'-", last_name: 'Lee', birth_date: '1990-04-02' }), null);
    assert.deepEqual(personMatchKeys(new Keyring([randomBytes(32)]), { phone: '555-0100' }), []);
  });

  it('hashes under every key, the current first, so matches hold during a key rotation', () => {
    const oldKey = randomBytes(32);
    const person = { first_name: 'Ann', last_name: 'Lee', birth_date: '1990-04-02' };
    const before = personMatchKeys(new Keyring([oldKey]), person);
    const during = personMatchKeys(new Keyring([randomBytes(32), oldKey]), person);
    assert.equal(before.length, 1);
    assert.equal(during.length, 2);
    assert.ok(during[1]?.equals(before[0] as Buffer), 'the old key still finds persons hashed before');
    assert.ok(!during[0]?.equals(before[0] as Buffer), 'a different key gives a different hash');
    const other = personMatchKeys(new Keyring([oldKey]), { ...person, birth_date: '1990-04-03' });
    assert.ok(!other[0]?.equals(before[0] as Buffer));
  });
});
