import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  createReadStream,
  createWriteStream,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { SosError } from '../errors.js';
import type { BackupKey } from './backup-key.js';

/** The first bytes of every SOS backup: what it is and the version of this layout. */
const MAGIC = Buffer.from('SOSBACKUP1\n', 'ascii');
const KEY_ID_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + KEY_ID_BYTES + NONCE_BYTES;

/**
 * Writes lines (each ending in a newline) gzipped and sealed with AES-256-GCM: magic, the backup key's
 * id, a random nonce, the ciphertext, then the tag. The header is the GCM additional data, so changing
 * the key id or the magic fails like changing the body. Written to FILE.partial, then renamed: a
 * failed run never leaves something that looks like a backup.
 */
export async function writeSealedFile(
  file: string,
  key: BackupKey,
  lines: AsyncIterable<string>,
): Promise<number> {
  const nonce = randomBytes(NONCE_BYTES);
  const header = Buffer.concat([MAGIC, Buffer.from(key.id, 'ascii'), nonce]);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(header);
  const partial = `${file}.partial`;
  writeFileSync(partial, header, { mode: 0o600 });
  try {
    await pipeline(Readable.from(lines), createGzip(), cipher, createWriteStream(partial, { flags: 'a' }));
    appendFileSync(partial, cipher.getAuthTag());
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return statSync(file).size;
}

/** A sealed backup file opened with its key: checked whole first, then read line by line. */
export interface SealedFile {
  /** Decrypts the whole file and checks its tag; throws BACKUP_DAMAGED when anything was altered. */
  verify(): Promise<void>;
  /** The lines, decrypted and unzipped (call after `verify`: GCM only vouches for a text read to its end). */
  lines(): AsyncIterable<string>;
}

/** Opens a backup: refuses a file that is no SOS backup or was sealed with another key. */
export function openSealedFile(file: string, key: BackupKey): SealedFile {
  const size = statSync(file).size;
  if (size < HEADER_BYTES + TAG_BYTES) throw damaged(file, 'it is too short to be an SOS backup');
  const head = Buffer.alloc(HEADER_BYTES);
  const tag = Buffer.alloc(TAG_BYTES);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, HEADER_BYTES, 0);
    readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    closeSync(fd);
  }
  if (!head.subarray(0, MAGIC.length).equals(MAGIC))
    throw damaged(file, 'it does not start like an SOS backup');
  const keyId = head.subarray(MAGIC.length, MAGIC.length + KEY_ID_BYTES).toString('ascii');
  if (keyId !== key.id) {
    throw new SosError(
      'BACKUP_KEY_WRONG',
      `${file} was sealed with backup key ${keyId}, not with the configured one (${key.id})`,
    );
  }
  const decrypted = () => {
    const decipher = createDecipheriv('aes-256-gcm', key.key, head.subarray(MAGIC.length + KEY_ID_BYTES));
    decipher.setAAD(head);
    decipher.setAuthTag(tag);
    const body = createReadStream(file, { start: HEADER_BYTES, end: size - TAG_BYTES - 1 });
    return { body, decipher };
  };
  return {
    verify: async () => {
      const { body, decipher } = decrypted();
      const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
      await pipeline(body, decipher, discard).catch((error: unknown) => {
        throw damaged(file, error instanceof Error ? error.message : String(error));
      });
    },
    lines: async function* () {
      const { body, decipher } = decrypted();
      const text = body.pipe(decipher).pipe(createGunzip());
      // pipe() does not pass errors on: a failed read or tag ends the text with the error.
      const fail = (error: Error) => text.destroy(damaged(file, error.message));
      body.on('error', fail);
      decipher.on('error', fail);
      text.setEncoding('utf8');
      let rest = '';
      for await (const chunk of text as AsyncIterable<string>) {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() as string;
        yield* parts;
      }
      if (rest) yield rest;
    },
  };
}

function damaged(file: string, why: string): SosError {
  return new SosError('BACKUP_DAMAGED', `${file} cannot be opened as an SOS backup: ${why}`, { file });
}
