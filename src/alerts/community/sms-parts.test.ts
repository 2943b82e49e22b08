import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { smsLength } from './sms-parts.js';

describe('SMS parts', () => {
  it('fits 160 GSM-7 characters in one part, then splits by 153', () => {
    assert.deepEqual(smsLength('a'.repeat(160)), { encoding: 'gsm7', units: 160, parts: 1 });
    assert.deepEqual(smsLength('a'.repeat(161)), { encoding: 'gsm7', units: 161, parts: 2 });
    assert.deepEqual(smsLength('a'.repeat(306)), { encoding: 'gsm7', units: 306, parts: 2 });
    assert.deepEqual(smsLength('a'.repeat(307)), { encoding: 'gsm7', units: 307, parts: 3 });
  });

  it('counts the extension characters twice', () => {
    // 158 letters and one euro sign: 160 septets, one part; a second euro makes 162, two parts.
    assert.equal(smsLength(`${'a'.repeat(158)}€`).parts, 1);
    assert.equal(smsLength(`${'a'.repeat(158)}€€`).parts, 2);
  });

  it('falls back to UCS-2 for other characters: 70 alone, 67 per part', () => {
    assert.deepEqual(smsLength(`${'a'.repeat(69)}ó`), { encoding: 'ucs2', units: 70, parts: 1 });
    assert.deepEqual(smsLength(`${'a'.repeat(70)}ó`), { encoding: 'ucs2', units: 71, parts: 2 });
    // An emoji is two UTF-16 code units.
    assert.equal(smsLength('💊').units, 2);
    // Spanish letters of the GSM alphabet (ñ, é) stay GSM-7; í and á do not.
    assert.equal(smsLength('señal café').encoding, 'gsm7');
    assert.equal(smsLength('día').encoding, 'ucs2');
  });
});
