import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import { SosError } from './errors.js';

/** A sealed value: the id of the key that sealed it, and nonce + ciphertext + tag. */
export interface Sealed {
  keyId: string;
  sealed: Buffer;
}

/**
 * AES-256-GCM encryption of identifiable data at rest. The first key seals; every key opens, so a
 * rotation adds a new key in front, re-seals the rows (`sos keys rotate`), then drops the old key.
 */
export class Keyring {
  private keys = new Map<string, Buffer>();
  private currentId = '';

  constructor(keys: Buffer[]) {
    this.replaceKeys(keys);
  }

  /**
   * Takes a new list of keys, the first sealing (a rotation from the web page reloads the key file so
   * the running server seals with the new key at once; everything holding this keyring follows).
   */
  replaceKeys(keys: Buffer[]): void {
    if (keys.length === 0) throw new SosError('ENCRYPTION_KEY_MISSING');
    const byId = new Map<string, Buffer>();
    for (const key of keys) {
      if (key.length !== 32)
        throw new SosError('CONFIG_INVALID', 'An encryption key must be 32 bytes (base64)');
      byId.set(Keyring.idOf(key), key);
    }
    this.keys = byId;
    this.currentId = Keyring.idOf(keys[0] as Buffer);
  }

  /** The ids of every configured key, the current one first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** A key's public id: the start of its SHA-256, so rows name their key without revealing it. */
  static idOf(key: Buffer): string {
    return createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  /** The id of the key that seals new values. */
  get currentKeyId(): string {
    return this.currentId;
  }

  /** Seals a JSON value under the current key. */
  seal(value: unknown): Sealed {
    const key = this.keys.get(this.currentId) as Buffer;
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(this.currentId));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return { keyId: this.currentId, sealed: Buffer.concat([nonce, body, cipher.getAuthTag()]) };
  }

  /**
   * Keyed hashes (HMAC-SHA256) of a text under every configured key, the current key's first, each
   * with a subkey derived for `purpose`. Equal texts give equal hashes without anything being opened;
   * hashing under every key lets records hashed before a rotation still match during it.
   */
  keyedHashes(purpose: string, text: string): Buffer[] {
    return [this.currentId, ...[...this.keys.keys()].filter((id) => id !== this.currentId)].map((id) => {
      const subkey = Buffer.from(hkdfSync('sha256', this.keys.get(id) as Buffer, '', `sos ${purpose}`, 32));
      return createHmac('sha256', subkey).update(text, 'utf8').digest();
    });
  }

  /** Opens a sealed value; fails if its key is not configured or the ciphertext was altered. */
  open<T>(keyId: string, sealed: Uint8Array): T {
    const key = this.keys.get(keyId);
    if (!key) throw new SosError('ENCRYPTION_KEY_UNKNOWN', `No configured key has id ${keyId}`);
    const bytes = Buffer.from(sealed);
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const text = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
    return JSON.parse(text.toString('utf8')) as T;
  }
}

/**
 * Loads the keyring: keys from SOS_ENCRYPTION_KEYS / SOS_ENCRYPTION_KEY, else from the key file
 * (SOS_ENCRYPTION_KEY_FILE, default DATA_DIR/encryption.key, one base64 key a line). With neither, a
 * key file is created in the data directory so the embedded default works out of the box.
 */
export function loadKeyring(config: Config): Keyring {
  if (config.encryptionKeys.length > 0) {
    return new Keyring(config.encryptionKeys.map((k) => Buffer.from(k, 'base64')));
  }
  const file = config.encryptionKeyFile ?? path.join(config.dataDir, 'encryption.key');
  if (!existsSync(file)) {
    if (config.encryptionKeyFile)
      throw new SosError('ENCRYPTION_KEY_MISSING', `Key file ${file} does not exist`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  return new Keyring(readKeyFile(file));
}

/** The key file a configuration uses, or null when the keys come from the environment. */
export function keyFileOf(config: Config): string | null {
  if (config.encryptionKeys.length > 0) return null;
  return config.encryptionKeyFile ?? path.join(config.dataDir, 'encryption.key');
}

/** The keys of a key file (one base64 key a line), the sealing one first. */
export function readKeyFile(file: string): Buffer[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((k) => Buffer.from(k, 'base64'));
}

/** Rewrites a key file with these keys (0600), through a temporary file so a crash leaves the old one. */
export function writeKeyFile(file: string, keys: readonly Buffer[]): void {
  const partial = `${file}.partial`;
  writeFileSync(partial, keys.map((k) => `${k.toString('base64')}\n`).join(''), { mode: 0o600 });
  renameSync(partial, file);
}
