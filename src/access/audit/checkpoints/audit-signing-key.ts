import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SosError } from '../../../platform/errors.js';

/** The key pair that signs checkpoints: the private half never enters the database. */
export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * Reads the Ed25519 signing key (PKCS#8 PEM) from its file, creating it (mode 0600) on first use:
 * a checkpoint anchors the chain outside the database only if its key lives outside it too.
 */
export function loadAuditSigningKey(file: string): AuditSigningKey {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    // 'wx' never overwrites a key another process wrote meanwhile: the next read takes theirs.
    try {
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file));
  } catch (error) {
    throw new SosError('AUDIT_SIGNING_KEY_INVALID', `${file}: ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SosError('AUDIT_SIGNING_KEY_INVALID', `${file} holds a ${privateKey.asymmetricKeyType} key`);
  }
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** The public key in SPKI PEM, as `sos audit public-key` prints it and `--public-key` reads it. */
export function publicKeyPem(key: AuditSigningKey): string {
  return key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** Reads a public key file (SPKI PEM); a private key file is accepted too and its public half used. */
export function readPublicKey(file: string): KeyObject {
  const text = readFileSync(file);
  try {
    const key = text.includes('PRIVATE KEY')
      ? createPublicKey(createPrivateKey(text))
      : createPublicKey(text);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType} key`);
    return key;
  } catch (error) {
    throw new SosError(
      'AUDIT_SIGNING_KEY_INVALID',
      `${file} is not an Ed25519 public key: ${(error as Error).message}`,
    );
  }
}
