import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from './config.js';
import { Keyring, loadKeyring } from './keyring.js';

const keyA = Buffer.alloc(32, 1);
const keyB = Buffer.alloc(32, 2);

describe('keyring', () => {
  it('seals and opens a value; the ciphertext does not contain it', () => {
    const ring = new Keyring([keyA]);
    const { keyId, sealed } = ring.seal({ name: 'Quinlan' });
    assert.ok(!sealed.toString('latin1').includes('Quinlan'));
    assert.deepEqual(ring.open(keyId, sealed), { name: 'Quinlan' });
  });

  it('refuses altered ciphertext', () => {
    const ring = new Keyring([keyA]);
    const { keyId, sealed } = ring.seal('x');
    sealed[14] = (sealed[14] as number) ^ 1;
    assert.throws(() => ring.open(keyId, sealed));
  });

  it('rotates: a new first key seals, the old one still opens until it is dropped', () => {
    const old = new Keyring([keyA]);
    const sealedOld = old.seal({ phone: '555' });
    const rotated = new Keyring([keyB, keyA]);
    assert.deepEqual(rotated.open(sealedOld.keyId, sealedOld.sealed), { phone: '555' });
    assert.equal(rotated.seal(1).keyId, Keyring.idOf(keyB));
    assert.throws(() => new Keyring([keyB]).open(sealedOld.keyId, sealedOld.sealed), {
      code: 'ENCRYPTION_KEY_UNKNOWN',
    });
  });

  it('creates a key file in the data folder when no key is configured, and reuses it', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sos-keys-'));
    try {
      const config = { ...loadConfig({}), dataDir };
      const first = loadKeyring(config);
      const second = loadKeyring(config);
      assert.equal(first.currentKeyId, second.currentKeyId);
      assert.equal(
        Buffer.from(readFileSync(path.join(dataDir, 'encryption.key'), 'utf8').trim(), 'base64').length,
        32,
      );
      assert.throws(() => loadKeyring({ ...config, encryptionKeyFile: path.join(dataDir, 'nope') }), {
        code: 'ENCRYPTION_KEY_MISSING',
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
