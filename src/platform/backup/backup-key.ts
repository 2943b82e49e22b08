import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { SosError } from '../errors.js';

/** The key that seals backups, and its public id (written in each backup so a wrong key is named). */
export interface BackupKey {
  id: string;
  key: Buffer;
}

/** A backup key from its base64 text; `where` names its source in the error. */
export function backupKeyOf(base64: string, where: string): BackupKey {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new SosError('CONFIG_INVALID', `${where} must hold a 32-byte key in base64`);
  // A different derivation than the data keys' ids, so the two ids never look alike.
  return { id: createHash('sha256').update('sos backup key').update(key).digest('hex').slice(0, 16), key };
}

/**
 * Loads the backup key: SOS_BACKUP_KEY, else the file SOS_BACKUP_KEY_FILE, else DATA_DIR/backup.key,
 * created (0600) when `create` and missing. It is not a data key: a stolen backup and a stolen data
 * directory should not open each other, so operators keep this key apart from both.
 */
export function loadBackupKey(config: Config, options: { create: boolean }): BackupKey {
  if (config.backupKey) return backupKeyOf(config.backupKey, 'SOS_BACKUP_KEY');
  const file = config.backupKeyFile ?? path.join(config.dataDir, 'backup.key');
  if (!existsSync(file)) {
    if (config.backupKeyFile || !options.create) {
      throw new SosError(
        'BACKUP_KEY_MISSING',
        `No backup key: set SOS_BACKUP_KEY or SOS_BACKUP_KEY_FILE (${file} does not exist)`,
      );
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  return backupKeyOf(readFileSync(file, 'utf8'), file);
}
