import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptedTotpStep, base32Encode, hotp, totpCode, totpStep } from './totp.js';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII "12345678901234567890"; the codes are 8 digits.
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
const RFC_TABLE: ReadonlyArray<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it('gives the codes of RFC 6238 appendix B for SHA-1', () => {
    for (const [seconds, code] of RFC_TABLE) {
      assert.equal(totpCode(RFC_SEED, new Date(seconds * 1000), 8), code, `at T = ${seconds}`);
    }
  });

  it('gives the HOTP values of RFC 4226 appendix D', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    assert.deepEqual(
      expected.map((_, counter) => hotp(RFC_SEED, counter)),
      expected,
    );
  });

  it('encodes secrets in RFC 4648 base32 (its test vectors, without padding)', () => {
    assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
    assert.equal(base32Encode(Buffer.from('fooba')), 'MZXW6YTB');
    assert.equal(base32Encode(Buffer.from('f')), 'MY');
  });

  it('accepts a code of the step before or after, not two steps away', () => {
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    const at = (s: number) => new Date(s * 30_000);
    assert.equal(acceptedTotpStep(RFC_SEED, totpCode(RFC_SEED, at(step - 1)), now, null), step - 1);
    assert.equal(acceptedTotpStep(RFC_SEED, totpCode(RFC_SEED, at(step + 1)), now, null), step + 1);
    assert.equal(acceptedTotpStep(RFC_SEED, totpCode(RFC_SEED, at(step - 2)), now, null), null);
    assert.equal(acceptedTotpStep(RFC_SEED, 'abcdef', now, null), null);
  });

  it('refuses the code of a step already used, and of any earlier step', () => {
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    const code = totpCode(RFC_SEED, now);
    assert.equal(acceptedTotpStep(RFC_SEED, code, now, step - 1), step);
    assert.equal(acceptedTotpStep(RFC_SEED, code, now, step), null);
    assert.equal(
      acceptedTotpStep(RFC_SEED, totpCode(RFC_SEED, new Date(now.getTime() - 30_000)), now, step),
      null,
    );
  });
});
